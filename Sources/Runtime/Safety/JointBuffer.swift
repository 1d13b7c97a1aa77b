extension UnsafeMutableBufferPointer {
    /// Allocates and initialises `count` elements, all `value`; the owner deallocates it in
    /// `deinit`. Used only at construction time, never in the control tick.
    static func allocateJoints(_ count: Int, repeating value: Element) -> UnsafeMutableBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: count)
        buffer.initialize(repeating: value)
        return buffer
    }
}
