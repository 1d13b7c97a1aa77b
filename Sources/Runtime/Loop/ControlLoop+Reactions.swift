import ServoBus
import Safety

/// The loop's reactions to what a tick finds: motor faults, failed ticks, stops and the safety
/// chain's events.
extension ControlLoop {
    /// The phase bit of a tick record.
    var phaseStatus: TickStatus {
        switch phase {
        case .softStart: return .softStart
        case .stopping, .finished: return .stopping
        case .active, .idle: return .active
        }
    }

    /// Whether joint's status byte reports a fault: any Feetech status bit; Dynamixel's
    /// instruction-error bits or its hardware alert bit.
    func motorFault(joint: Int) -> Bool {
        present.statusError[joint] != 0
    }

    /// Counts a failed tick and stops after too many in a row, or at once when the port is gone.
    func failTick(_ outcome: BusOutcome) {
        counters.failedTicks.wrappingIncrement(ordering: .relaxed)
        failedInARow += 1
        if outcome == .vanished || failedInARow >= configuration.failedTicksLimit {
            beginStop(.bus(outcome, failedTicks: failedInARow))
        }
    }

    /// Enters the stop phase (first reason wins): bring every joint to rest along the planned
    /// stop and hold there, or finish at once when the bus has failed.
    func beginStop(_ reason: StopReason) {
        if case .bus = reason {
            if stopReason == nil || phase == .stopping { stopReason = stopReason ?? reason }
            phaseValue.store(Phase.finished.rawValue, ordering: .relaxed)
            return
        }
        guard phase != .stopping, phase != .finished else { return }
        stopReason = reason
        plannedStop.plan(from: chain)
        // A stop that was asked for skips the hold: torque goes off once the joints are at rest.
        holdTicksLeft = reason == .requested ? plannedStop.ticks + 1 : max(holdTicks, plannedStop.ticks + 1)
        phaseValue.store(Phase.stopping.rawValue, ordering: .relaxed)
    }

    /// A stop request while stopping (the duration was reached, or a fault): the hold ends as
    /// soon as the planned stop has brought the joints to rest, not after `holdSeconds`.
    func endHoldOnceAtRest() {
        holdTicksLeft = min(holdTicksLeft, plannedStop.ticksLeft + 1)
    }

    /// The loop's reactions to the safety chain's events.
    func react(to report: SafetyReport) {
        for event in report.events {
            switch event {
            case .temperatureWarning:
                break
            case let .temperatureStop(joint, celsius):
                beginStop(.temperature(joint: joint, celsius: celsius))
            case let .stall(joint, action):
                if action == .reduceTorque, !torqueReduced[joint], let reduction = stallReduction[joint] {
                    torqueReduced[joint] = true
                    counters.stallReactions.wrappingIncrement(ordering: .relaxed)
                    _ = bus.write(reduction.coding, joint: joint, value: reduction.value)
                } else if action == .dropTorque || stallReduction[joint] == nil {
                    if phase != .stopping && phase != .finished {
                        counters.stallReactions.wrappingIncrement(ordering: .relaxed)
                        _ = bus.write(torqueEnable[joint], joint: joint, value: 0)
                        beginStop(.stall(joint: joint))
                    }
                }
            }
        }
    }
}
