/// What the bytes at a position of a received stream say about a frame starting there.
enum FrameHeader: Equatable {
    /// Not a frame header.
    case none
    /// Could be a header; more bytes are needed to tell.
    case needMoreBytes
    /// A plausible header of a frame this many bytes long in total.
    case frame(length: Int)
}
