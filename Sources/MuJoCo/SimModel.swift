import CMuJoCo
import Foundation

/// A compiled MuJoCo model: the immutable description of a simulated world (`mjModel`).
///
/// A `SimModel` owns its `mjModel*` and frees it in `deinit`. Simulation state lives in
/// `SimData`, which keeps its model alive. The only mutations offered are the physical
/// parameters domain randomization touches (see `SimModel+Parameters.swift`); randomize a
/// `copy()` so that the loaded original stays as written.
///
/// Every index is checked in Swift before it reaches C, so that MuJoCo's `mju_error` (which
/// ends the process) stays unreachable from bad input; see `MuJoCoLog`.
public final class SimModel {
    /// The owned MuJoCo model.
    let handle: UnsafeMutablePointer<mjModel>
    /// Where the model came from (file path or the name given to an XML string), for messages.
    public let name: String
    /// A warning the compiler left in the error buffer of a successful load, if any.
    public let loadWarning: String?

    /// MuJoCo 2.2's XML loader keeps process-wide state (the last parsed model and its own
    /// error handlers), so loads are serialized.
    private static let loadLock = NSLock()
    /// The size of the error buffer handed to `mj_loadXML`.
    private static let errorBufferSize = 1000

    private init(handle: UnsafeMutablePointer<mjModel>, name: String, loadWarning: String?) {
        self.handle = handle
        self.name = name
        self.loadWarning = loadWarning
    }

    deinit {
        mj_deleteModel(handle)
    }

    /// Loads and compiles an MJCF (or URDF) file.
    ///
    /// The corresponding C function is `mj_loadXML`.
    /// - Throws: `SimError.modelLoad` with MuJoCo's message when the file is missing or invalid.
    public convenience init(contentsOf path: String) throws {
        let (model, warning) = try Self.load(fileName: path, vfs: nil, reportedPath: path)
        self.init(handle: model, name: path, loadWarning: warning)
    }

    /// Compiles an MJCF document held in memory.
    ///
    /// The document is placed in a MuJoCo virtual file system under `name`; files it references
    /// (includes, meshes) are looked up relative to the current directory.
    /// The corresponding C functions are `mj_makeEmptyFileVFS` and `mj_loadXML`.
    /// - Throws: `SimError.modelLoad` with MuJoCo's message when the document is invalid.
    public convenience init(xml: String, name: String = "model.xml") throws {
        precondition(!name.contains("/") && !name.isEmpty && name.utf8.count < Int(mjMAXVFSNAME),
                     "SimModel: VFS file name must be a plain file name")
        let vfs = UnsafeMutablePointer<mjVFS>.allocate(capacity: 1)
        defer { vfs.deallocate() }
        mj_defaultVFS(vfs)
        defer { mj_deleteVFS(vfs) }

        // The NUL terminator goes in too, so a parser that reads up to it stops at the end.
        let bytes = Array(xml.utf8) + [0]
        precondition(bytes.count < Int(Int32.max), "SimModel: XML document too large")
        precondition(mj_makeEmptyFileVFS(vfs, name, Int32(bytes.count)) == 0,
                     "SimModel: a fresh VFS must accept one file")
        let index = Int(mj_findFileVFS(vfs, name))
        precondition(index >= 0, "SimModel: file just added to the VFS is missing")
        let slots = (UnsafeMutableRawPointer(vfs) + MemoryLayout<mjVFS>.offset(of: \mjVFS.filedata)!)
            .assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
        bytes.withUnsafeBytes { slots[index]!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }

        let (model, warning) = try Self.load(fileName: name, vfs: vfs, reportedPath: name)
        self.init(handle: model, name: name, loadWarning: warning)
    }

    private static func load(fileName: String, vfs: UnsafeMutablePointer<mjVFS>?,
                             reportedPath: String) throws -> (UnsafeMutablePointer<mjModel>, String?) {
        loadLock.lock()
        defer { loadLock.unlock() }
        MuJoCoLog.installHandlers()
        var buffer = [CChar](repeating: 0, count: errorBufferSize)
        let model = mj_loadXML(fileName, vfs, &buffer, Int32(errorBufferSize))
        // The loader swaps MuJoCo's global handlers while it compiles; make sure ours are back.
        MuJoCoLog.installHandlers()
        let message = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard let model else {
            throw SimError.modelLoad(path: reportedPath,
                                     message: message.isEmpty ? "unknown MuJoCo load error" : message)
        }
        return (model, message.isEmpty ? nil : message)
    }

    /// An independent deep copy, for domain randomization: mutating it leaves `self` unchanged.
    ///
    /// The corresponding C function is `mj_copyModel`.
    public func copy() -> SimModel {
        guard let copied = mj_copyModel(nil, handle) else {
            preconditionFailure("SimModel: mj_copyModel returned NULL")
        }
        return SimModel(handle: copied, name: name, loadWarning: loadWarning)
    }
}

// MARK: - Sizes

extension SimModel {
    /// Number of generalized coordinates (MuJoCo's `nq`).
    public var qposCount: Int { Int(handle.pointee.nq) }
    /// Number of degrees of freedom (MuJoCo's `nv`).
    public var dofCount: Int { Int(handle.pointee.nv) }
    /// Number of actuators and controls (MuJoCo's `nu`).
    public var actuatorCount: Int { Int(handle.pointee.nu) }
    /// Number of actuator activations (MuJoCo's `na`).
    public var activationCount: Int { Int(handle.pointee.na) }
    /// Number of scalar sensor outputs (MuJoCo's `nsensordata`).
    public var sensorDataCount: Int { Int(handle.pointee.nsensordata) }

    /// Number of objects of one kind (bodies include the world body 0).
    public func count(of kind: SimObjectKind) -> Int {
        let m = handle.pointee
        switch kind {
        case .body: return Int(m.nbody)
        case .joint: return Int(m.njnt)
        case .actuator: return Int(m.nu)
        case .site: return Int(m.nsite)
        case .sensor: return Int(m.nsensor)
        }
    }
}

// MARK: - Names

extension SimModel {
    /// The name of object `id` of `kind`, or nil when it is unnamed.
    ///
    /// The corresponding C function is `mj_id2name`.
    public func name(of kind: SimObjectKind, id: Int) -> String? {
        precondition(id >= 0 && id < count(of: kind), "SimModel: \(kind) id \(id) out of range")
        return mj_id2name(handle, kind.mjObject, Int32(id)).map { String(cString: $0) }
    }

    /// The names of all named objects of `kind`, in id order.
    public func names(of kind: SimObjectKind) -> [String] {
        (0..<count(of: kind)).compactMap { name(of: kind, id: $0) }
    }

    /// The id of the object of `kind` called `objectName`.
    ///
    /// The corresponding C function is `mj_name2id`.
    /// - Throws: `SimError.unknownName`, listing the names that exist.
    public func id(of kind: SimObjectKind, named objectName: String) throws -> Int {
        let id = Int(mj_name2id(handle, kind.mjObject, objectName))
        guard id >= 0 else {
            throw SimError.unknownName(kind: kind, name: objectName, model: name,
                                       available: names(of: kind))
        }
        return id
    }

    /// The body called `name`. - Throws: `SimError.unknownName`.
    public func body(named name: String) throws -> BodyID {
        BodyID(rawValue: try id(of: .body, named: name))
    }

    /// The joint called `name`. - Throws: `SimError.unknownName`.
    public func joint(named name: String) throws -> JointID {
        JointID(rawValue: try id(of: .joint, named: name))
    }

    /// The actuator called `name`. - Throws: `SimError.unknownName`.
    public func actuator(named name: String) throws -> ActuatorID {
        ActuatorID(rawValue: try id(of: .actuator, named: name))
    }

    /// The site called `name`. - Throws: `SimError.unknownName`.
    public func site(named name: String) throws -> SiteID {
        SiteID(rawValue: try id(of: .site, named: name))
    }

    /// The sensor called `name`. - Throws: `SimError.unknownName`.
    public func sensor(named name: String) throws -> SensorID {
        SensorID(rawValue: try id(of: .sensor, named: name))
    }
}
