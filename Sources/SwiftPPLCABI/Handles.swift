// Handles.swift — the table behind opaque C handles: integer ids that are never reused, so a released or bogus handle is an error, not a crash.

import Compile
import DenseArrays
import Sampling
import Synchronization
import TensorGraph

/// A Swift array behind a handle.
final class ArrayBox {
    let array: NDArray
    init(_ array: NDArray) { self.array = array }
}

/// An op behind a handle.
final class OpBox {
    let op: any Op
    init(_ op: any Op) { self.op = op }
}

/// Maps handle ids to objects. Ids count up from 1 and are never reused, so a
/// handle used after `sppl_release` (or made up) is reported, not dereferenced.
final class HandleTable: Sendable {
    static let shared = HandleTable()

    private struct State {
        var next: UInt64 = 1
        var objects: [UInt64: AnyObject] = [:]
    }

    private let state = Mutex(State())

    func insert(_ object: AnyObject) -> UInt64 {
        state.withLock { s in
            let id = s.next
            s.next += 1
            s.objects[id] = object
            return id
        }
    }

    func object(_ handle: UInt64) throws -> AnyObject {
        let found = state.withLock { $0.objects[handle] }
        guard let found else {
            throw SPPLError.value("invalid handle \(handle): it was released or never existed")
        }
        return found
    }

    func get<T: AnyObject>(_ handle: UInt64, _ type: T.Type, role: String) throws -> T {
        let found = try object(handle)
        guard let typed = found as? T else {
            throw SPPLError.type("\(role): handle \(handle) refers to \(kindName(found)), expected \(kindName(type))")
        }
        return typed
    }

    func remove(_ handle: UInt64) throws {
        let removed = state.withLock { $0.objects.removeValue(forKey: handle) }
        guard removed != nil else {
            throw SPPLError.value("invalid handle \(handle): it was released or never existed")
        }
    }

    var count: Int { state.withLock { $0.objects.count } }
}

func kindName(_ object: AnyObject) -> String { kindName(type(of: object)) }

func kindName(_ type: AnyObject.Type) -> String {
    switch type {
    case is Variable.Type: return "a variable"
    case is Apply.Type: return "an apply node"
    case is OpBox.Type: return "an op"
    case is ArrayBox.Type: return "an array"
    case is Function.Type: return "a function"
    case is SamplerRun<CompoundTrace>.Type: return "a compound-step sampler"
    case is SamplerRunBase.Type: return "a sampler"
    default: return "an object"
    }
}
