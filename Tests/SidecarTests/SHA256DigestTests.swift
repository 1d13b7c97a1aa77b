import XCTest
@testable import Sidecar

/// SHA256Digest against published and independently computed digests (as lower-case hex, `hex` of SidecarSpec).
final class SHA256DigestTests: XCTestCase {
    /// The examples of FIPS 180-2, appendix B (one block, two blocks, a million 'a'), and the empty string.
    func testFIPSExampleMessages() {
        XCTAssertEqual(hex(SHA256Digest.hash(Array("abc".utf8))),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(hex(SHA256Digest.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(hex(SHA256Digest.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        XCTAssertEqual(hex(SHA256Digest.hash([UInt8]())),
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// Lengths around the padding boundaries (55/56 bytes fit one or need two padded blocks;
    /// 63/64/65 straddle a block), bytes 0, 1, 2, …; digests from Python's hashlib.
    func testPaddingBoundariesAgreeWithHashlib() {
        let expected: [Int: String] = [
            55: "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59",
            56: "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562",
            63: "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488",
            64: "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108",
            65: "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781",
            119: "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6",
            120: "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c",
        ]
        for (length, digest) in expected {
            XCTAssertEqual(hex(SHA256Digest.hash((0..<length).map { UInt8($0) })), digest, "\(length) bytes")
        }
    }

    /// A spec's hash is the digest of its canonical text's UTF-8 bytes, as Python's client sends it.
    func testSpecHashIsTheDigestOfItsText() {
        let spec = SidecarSpec(fields: ["a": "1", "b": "2"])
        XCTAssertEqual(spec.text, "a=1\nb=2\n")
        XCTAssertEqual(hex(spec.hash), "4a73850fde34aad40ff8649b93a66523a5fe744357a3931caea0f10609d0d930")
    }
}
