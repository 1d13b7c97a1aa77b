/// The fields of one checked frame, as positions in its (unstuffed) bytes.
struct FrameFields: Equatable {
    /// The sender's or addressee's ID.
    var id: UInt8
    /// The instruction byte; in a Feetech status, the error byte; in a Dynamixel status, 0x55.
    var code: UInt8
    /// A Dynamixel status's error byte (0 otherwise: a Feetech status's error is `code`).
    var error: UInt8 = 0
    /// Where the parameters are.
    var parameters: Range<Int>
}
