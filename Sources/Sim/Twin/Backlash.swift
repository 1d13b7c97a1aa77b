/// Play in a gear train: a dead band of `widthRadians` between the motor and the joint.
///
/// Modelled as a play (hysteresis) operator on the position the servo's loop commands: the
/// output moves only once the input has taken up the play, then follows it at a distance of
/// half the width. So a joint reaches a goal short by half the play, on the side it came from,
/// and a reversal leaves it standing until the play is taken up — the hysteresis a sim-to-real
/// test measures. A joint's free wobble inside the play under external load is not modelled.
public struct Backlash: Equatable, Sendable {
    /// Total play, radians (0 = none).
    public var widthRadians: Double
    /// The position passed on to the joint side.
    public private(set) var outputRadians: Double

    /// A backlash element of `widthRadians`, centred at `outputRadians`.
    public init(widthRadians: Double, outputRadians: Double = 0) {
        precondition(widthRadians >= 0 && widthRadians.isFinite, "Backlash: invalid width \(widthRadians)")
        self.widthRadians = widthRadians
        self.outputRadians = outputRadians
    }

    /// Passes `input` through the play and returns the new output.
    public mutating func pass(_ input: Double) -> Double {
        let half = widthRadians / 2
        if input - outputRadians > half {
            outputRadians = input - half
        } else if outputRadians - input > half {
            outputRadians = input + half
        }
        return outputRadians
    }

    /// Puts the output at `radians` (the play centred there), e.g. when torque comes on.
    public mutating func reset(to radians: Double) {
        outputRadians = radians
    }
}
