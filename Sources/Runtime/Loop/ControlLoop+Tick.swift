import ServoBus
import SteadyCore
import Safety

/// The body of one tick, and the reactions to what it finds.
extension ControlLoop {
    /// Runs the tick for `deadline`, woken at `wake` after skipping `missed` deadlines.
    ///
    /// - Important: Real-time: no allocation, no locks, no system calls besides bus I/O.
    func tick(deadline: UInt64, wake: UInt64, missed: UInt64) {
        counters.ticks.wrappingIncrement(ordering: .relaxed)
        let lateness = wake >= deadline ? wake - deadline : 0
        if lateness > periodNanoseconds / 4 { counters.late.wrappingIncrement(ordering: .relaxed) }
        if Int(lateness) > counters.worstLatenessNanoseconds.load(ordering: .relaxed) {
            counters.worstLatenessNanoseconds.store(Int(lateness), ordering: .relaxed)
        }
        let tickIndex = (deadline - startNanoseconds) / periodNanoseconds
        if stopRequested.load(ordering: .relaxed) { beginStop(.requested) }
        if let durationTicks, tickIndex > durationTicks { beginStop(.duration) }

        var status = phaseStatus
        var policyNanoseconds: UInt64?
        var policyCalled = false
        let retriesBefore = bus.statistics.retries
        let busStart = clock.nanoseconds()
        // The bus waits on the monotonic clock (its transport does), whatever clock drives the loop.
        let read = bus.readPresent(into: present, deadlineNanoseconds: Monotonic.nanoseconds() + busBudgetNanoseconds)
        var busNanoseconds = clock.nanoseconds() - busStart

        // A failed read leaves the previous tick's readings in place: the tick still runs on
        // them (one period stale) so that the command stream keeps its period — a gap would
        // upset the acceleration and jerk limits — and counts toward the watchdog.
        var failure: BusOutcome?
        if read.isOK {
            fillInputsAndObservation()
            if phase != .stopping, let joint = (0..<jointCount).first(where: { motorFault(joint: $0) }) {
                beginStop(.motorError(joint: joint, statusError: present.statusError[joint]))
            }
        } else {
            status.insert(.readFailed)
            if read == .vanished { failTick(read) } else { failure = read }
        }
        inputs.periodSeconds = configuration.safetyPeriodFollowsClock
            ? Double(deadline - lastCommandNanoseconds) * 1e-9 : periodSeconds
        inputs.tick = tickIndex

        var policyTarget: UnsafeBufferPointer<Double>?
        var report: SafetyReport?
        if phase != .finished {
            switch phase {
            case .softStart:
                if policyTickCounter % configuration.ticksPerPolicyCall == 0 {
                    softStart.target(tick: softStartTicksRun, into: target)
                    policyTarget = UnsafeBufferPointer(target)
                }
                policyTickCounter += 1
                softStartTicksRun += 1
                if softStartTicksRun >= softStart.ticks {
                    phaseValue.store(Phase.active.rawValue, ordering: .relaxed)
                    policyTickCounter = 0
                }
            case .active:
                if policyTickCounter % configuration.ticksPerPolicyCall == 0 {
                    policyCalled = true
                    let start = clock.nanoseconds()
                    policy.act(observation: UnsafeBufferPointer(observation), action: action)
                    let took = clock.nanoseconds() - start
                    policyNanoseconds = took
                    if took > policyBudgetNanoseconds {
                        status.insert(.policyOverrun)
                        counters.policyOverruns.wrappingIncrement(ordering: .relaxed)
                    } else {
                        for joint in 0..<jointCount { target[joint] = Double(action[joint]) }
                        policyTarget = UnsafeBufferPointer(target)
                    }
                }
                policyTickCounter += 1
            case .stopping:
                if plannedStop.nextTarget(into: target) { policyTarget = UnsafeBufferPointer(target) }
            case .idle, .finished:
                break
            }
            if policyCalled { status.insert(.policyCalled) }
            let applied = chain.apply(policyTarget: policyTarget, inputs: inputs)
            report = applied
            react(to: applied)
            for joint in 0..<jointCount {
                goalTicks[joint] = conversions[joint].ticks(radians: chain.lastSafeCommand[joint])
            }
            let writeStart = clock.nanoseconds()
            let written = bus.writeGoals(UnsafeBufferPointer(goalTicks))
            busNanoseconds += clock.nanoseconds() - writeStart
            if written.isOK {
                status.insert(.written)
                lastCommandNanoseconds = deadline
            } else {
                status.insert(.writeFailed)
                failure = failure ?? written
            }
            if let failure {
                failTick(failure)
            } else {
                failedInARow = 0
            }
            if phase == .stopping {
                holdTicksLeft -= 1
                if holdTicksLeft <= 0 { phaseValue.store(Phase.finished.rawValue, ordering: .relaxed) }
            }
        }

        guard let record = ring?.claim() else { return }
        let layout = ring!.layout
        record[layout.index(.tick)] = Double(tickIndex)
        record[layout.index(.timeSeconds)] = Double(deadline - startNanoseconds) * 1e-9
        record[layout.index(.latenessMicroseconds)] = Double(lateness) * 1e-3
        record[layout.index(.missed)] = Double(missed)
        record[layout.index(.flags)] = Double(report?.flags.rawValue ?? 0)
        record[layout.index(.status)] = Double(status.rawValue)
        record[layout.index(.policyMicroseconds)] = policyNanoseconds.map { Double($0) * 1e-3 } ?? .nan
        record[layout.index(.busMicroseconds)] = Double(busNanoseconds) * 1e-3
        record[layout.index(.retries)] = Double(bus.statistics.retries - retriesBefore)
        for joint in 0..<jointCount {
            let ok = read.isOK
            record[layout.index(.position, joint: joint)] = ok ? inputs.presentPositions[joint] : .nan
            record[layout.index(.velocity, joint: joint)] = ok ? inputs.presentVelocities[joint] : .nan
            record[layout.index(.load, joint: joint)] = ok ? inputs.presentLoads[joint] : .nan
            record[layout.index(.current, joint: joint)] = ok ? presentCurrentAmps[joint] : .nan
            record[layout.index(.temperature, joint: joint)] = ok ? inputs.presentTemperatures[joint] : .nan
            record[layout.index(.action, joint: joint)] = policyCalled ? Double(action[joint]) : .nan
            record[layout.index(.command, joint: joint)] = chain.lastSafeCommand[joint]
            record[layout.index(.flags, joint: joint)] = report == nil ? 0 : Double(chain.flags(joint: joint).rawValue)
        }
        ring!.publish()
    }

    /// The phase bit of a tick record.
    var phaseStatus: TickStatus {
        switch phase {
        case .softStart: return .softStart
        case .stopping, .finished: return .stopping
        case .active, .idle: return .active
        }
    }

    /// Present registers → SI inputs of the safety chain and the policy's observation
    /// (positions, then velocities), by the bus's one raw → SI conversion.
    func fillInputsAndObservation() {
        for joint in 0..<jointCount {
            let measured = present[joint].measurement(conversion: conversions[joint], units: units[joint])
            inputs.presentPositions[joint] = measured.positionRadians
            inputs.presentVelocities[joint] = measured.velocityRadiansPerSecond
            inputs.presentLoads[joint] = measured.loadFraction
            inputs.presentTemperatures[joint] = measured.temperatureCelsius
            presentCurrentAmps[joint] = measured.currentAmps ?? .nan
            observation[joint] = Float(measured.positionRadians)
            observation[jointCount + joint] = Float(measured.velocityRadiansPerSecond)
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

    /// Enters the stop phase (first reason wins): hold the last command, or finish at once when
    /// the bus has failed.
    func beginStop(_ reason: StopReason) {
        if case .bus = reason {
            if stopReason == nil || phase == .stopping { stopReason = stopReason ?? reason }
            phaseValue.store(Phase.finished.rawValue, ordering: .relaxed)
            return
        }
        guard phase != .stopping, phase != .finished else { return }
        stopReason = reason
        plannedStop.plan(from: chain)
        holdTicksLeft = max(holdTicks, plannedStop.ticks + 1)
        phaseValue.store(Phase.stopping.rawValue, ordering: .relaxed)
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
