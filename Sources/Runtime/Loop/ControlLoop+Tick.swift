import ServoBus
import SteadyCore
import Safety

/// The body of one tick: read → next target → limit and write → record.
extension ControlLoop {
    /// Runs the tick for `deadline`, woken at `wake` after skipping `missed` deadlines.
    ///
    /// - Important: Real-time: no allocation, no locks, no system calls besides bus I/O.
    func tick(deadline: UInt64, wake: UInt64, missed: UInt64) {
        var trace = beginTick(deadline: deadline, wake: wake, missed: missed)
        read(&trace, deadline: deadline)
        if phase != .finished {
            let target = nextTarget(&trace)
            limitAndWrite(target, &trace, deadline: deadline)
        }
        record(trace)
    }

    /// Counts the tick and its lateness, and starts a stop that was asked for or is due.
    private func beginTick(deadline: UInt64, wake: UInt64, missed: UInt64) -> TickTrace {
        counters.ticks.wrappingIncrement(ordering: .relaxed)
        let lateness = wake >= deadline ? wake - deadline : 0
        if lateness > periodNanoseconds / 4 { counters.late.wrappingIncrement(ordering: .relaxed) }
        if Int(lateness) > counters.worstLatenessNanoseconds.load(ordering: .relaxed) {
            counters.worstLatenessNanoseconds.store(Int(lateness), ordering: .relaxed)
        }
        let tickIndex = (deadline - startNanoseconds) / periodNanoseconds
        if stopRequested.load(ordering: .relaxed) {
            if phase == .stopping { endHoldOnceAtRest() } else { beginStop(.requested) }
        }
        if let durationTicks, tickIndex > durationTicks { beginStop(.duration) }
        return TickTrace(tick: tickIndex, sinceStartNanoseconds: deadline - startNanoseconds, latenessNanoseconds: lateness,
                         missed: missed, status: phaseStatus, retriesBefore: bus.statistics.retries)
    }

    /// Reads every motor into the safety chain's inputs and the observation, and stops on a
    /// motor fault.
    ///
    /// A failed read leaves the previous tick's readings in place: the tick still runs on them
    /// (one period stale) so that the command stream keeps its period — a gap would upset the
    /// acceleration and jerk limits — and counts toward the watchdog.
    private func read(_ trace: inout TickTrace, deadline: UInt64) {
        let busStart = clock.nanoseconds()
        // The bus waits on the monotonic clock (its transport does), whatever clock drives the loop.
        trace.read = bus.readPresent(into: present, deadlineNanoseconds: Monotonic.nanoseconds() + busBudgetNanoseconds)
        trace.busNanoseconds = clock.nanoseconds() - busStart
        if trace.read.isOK {
            fillInputsAndObservation()
            if phase != .stopping, let joint = (0..<jointCount).first(where: { motorFault(joint: $0) }) {
                beginStop(.motorError(joint: joint, statusError: present.statusError[joint]))
            }
        } else {
            trace.status.insert(.readFailed)
            if trace.read == .vanished { failTick(trace.read) } else { trace.failure = trace.read }
        }
        inputs.periodSeconds = configuration.safetyPeriodFollowsClock
            ? Double(deadline - lastCommandNanoseconds) * 1e-9 : periodSeconds
        inputs.tick = trace.tick
    }

    /// The phase's next target for the safety chain, or nil when there is none this tick (the
    /// chain keeps converging on the last one): the soft-start ramp, the policy's action, or the
    /// planned stop.
    private func nextTarget(_ trace: inout TickTrace) -> UnsafeBufferPointer<Double>? {
        var hasTarget = false
        switch phase {
        case .softStart:
            if policyTickCounter % configuration.ticksPerPolicyCall == 0 {
                softStart.target(tick: softStartTicksRun, into: target.mutablePointer)
                hasTarget = true
            }
            policyTickCounter += 1
            softStartTicksRun += 1
            if softStartTicksRun >= softStart.ticks {
                phaseValue.store(Phase.active.rawValue, ordering: .relaxed)
                policyTickCounter = 0
            }
        case .active:
            if policyTickCounter % configuration.ticksPerPolicyCall == 0 { hasTarget = callPolicy(&trace) }
            policyTickCounter += 1
        case .stopping:
            hasTarget = plannedStop.nextTarget(into: target.mutablePointer)
        case .idle, .finished:
            break
        }
        if trace.policyCalled { trace.status.insert(.policyCalled) }
        return hasTarget ? target.pointer : nil
    }

    /// Asks the policy for its action and takes it as the target, unless the call overran its
    /// budget; whether there is a new target.
    private func callPolicy(_ trace: inout TickTrace) -> Bool {
        trace.policyCalled = true
        let start = clock.nanoseconds()
        policy.act(observation: observation.pointer, action: action.mutablePointer)
        let took = clock.nanoseconds() - start
        trace.policyNanoseconds = took
        guard took <= policyBudgetNanoseconds else {
            trace.status.insert(.policyOverrun)
            counters.policyOverruns.wrappingIncrement(ordering: .relaxed)
            return false
        }
        for joint in 0..<jointCount { target[joint] = Double(action[joint]) }
        return true
    }

    /// Passes the target through the safety chain, reacts to its events, writes the command,
    /// and counts the tick as failed or good; in the stop phase, counts down the hold.
    private func limitAndWrite(_ policyTarget: UnsafeBufferPointer<Double>?, _ trace: inout TickTrace, deadline: UInt64) {
        let report = chain.apply(policyTarget: policyTarget, inputs: inputs)
        trace.flags = report.flags
        react(to: report)
        for joint in 0..<jointCount {
            goalTicks[joint] = conversions[joint].ticks(radians: chain.lastSafeCommand[joint])
        }
        let writeStart = clock.nanoseconds()
        let written = bus.writeGoals(goalTicks.pointer)
        trace.busNanoseconds += clock.nanoseconds() - writeStart
        if written.isOK {
            trace.status.insert(.written)
            lastCommandNanoseconds = deadline
        } else {
            trace.status.insert(.writeFailed)
            trace.failure = trace.failure ?? written
        }
        if let failure = trace.failure {
            failTick(failure)
        } else {
            failedInARow = 0
        }
        if phase == .stopping {
            holdTicksLeft -= 1
            if holdTicksLeft <= 0 { phaseValue.store(Phase.finished.rawValue, ordering: .relaxed) }
        }
    }

    /// Hands the tick's record to the logger's ring without waiting (dropped when it is full).
    private func record(_ trace: TickTrace) {
        guard let ring, let record = ring.claim() else { return }
        let layout = ring.layout
        record[layout.index(.tick)] = Double(trace.tick)
        record[layout.index(.timeSeconds)] = Double(trace.sinceStartNanoseconds) * 1e-9
        record[layout.index(.latenessMicroseconds)] = Double(trace.latenessNanoseconds) * 1e-3
        record[layout.index(.missed)] = Double(trace.missed)
        record[layout.index(.flags)] = Double(trace.flags?.rawValue ?? 0)
        record[layout.index(.status)] = Double(trace.status.rawValue)
        record[layout.index(.policyMicroseconds)] = trace.policyNanoseconds.map { Double($0) * 1e-3 } ?? .nan
        record[layout.index(.busMicroseconds)] = Double(trace.busNanoseconds) * 1e-3
        record[layout.index(.retries)] = Double(bus.statistics.retries - trace.retriesBefore)
        record[layout.index(.weightsVersion)] = Double(policy.weightsVersion)
        let read = trace.read.isOK
        for joint in 0..<jointCount {
            record[layout.index(.position, joint: joint)] = read ? inputs.presentPositions[joint] : .nan
            record[layout.index(.velocity, joint: joint)] = read ? inputs.presentVelocities[joint] : .nan
            record[layout.index(.load, joint: joint)] = read ? inputs.presentLoads[joint] : .nan
            record[layout.index(.current, joint: joint)] = read ? presentCurrentAmps[joint] : .nan
            record[layout.index(.temperature, joint: joint)] = read ? inputs.presentTemperatures[joint] : .nan
            record[layout.index(.action, joint: joint)] = trace.policyCalled ? Double(action[joint]) : .nan
            record[layout.index(.command, joint: joint)] = chain.lastSafeCommand[joint]
            record[layout.index(.flags, joint: joint)] = trace.flags == nil ? 0 : Double(chain.flags(joint: joint).rawValue)
        }
        ring.publish()
    }

    /// Present registers → SI inputs of the safety chain and the policy's observation
    /// (positions, then velocities), by the bus's one raw → SI conversion.
    func fillInputsAndObservation() {
        for joint in 0..<jointCount {
            let si = presentConversions[joint]
            let position = si.positionRadians(present.positionTicks[joint])
            let velocity = si.velocityRadiansPerSecond(present.velocity[joint])
            inputs.presentPositions[joint] = position
            inputs.presentVelocities[joint] = velocity
            inputs.presentLoads[joint] = si.loadFraction(present.load[joint])
            inputs.presentTemperatures[joint] = Double(present.temperatureCelsius[joint])
            presentCurrentAmps[joint] = present.hasCurrent[joint] ? si.currentAmps(present.current[joint]) : .nan
            observation[joint] = Float(position)
            observation[jointCount + joint] = Float(velocity)
        }
    }
}
