// SensorGate — Store: SQLite's and the system's errors as the store's kinds.

import Foundation
import GRDB

extension StoreError {
    /// Maps an error thrown by GRDB (or anything else) while working on `path`.
    static func from(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else {
            return StoreError(.io, path: path, detail: String(describing: error))
        }
        let detail = error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_FULL: return StoreError(.diskFull, path: path, detail: "no space left on the device (\(detail))")
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH, .SQLITE_CANTOPEN:
            return StoreError(.readOnly, path: path, detail: "cannot write the store (\(detail))")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_FORMAT:
            return StoreError(.corrupt, path: path, detail: "the database is damaged (\(detail))")
        case .SQLITE_BUSY, .SQLITE_LOCKED: return StoreError(.busy, path: path, detail: detail)
        case .SQLITE_CONSTRAINT:
            return StoreError(
                .duplicate, path: path, detail: "a batch with this stream and sequence is already stored (\(detail))")
        default:
            return StoreError(.io, path: path, detail: detail)
        }
    }

    /// Maps an errno from a file operation on `path`.
    static func fromErrno(_ code: Int32, path: String, doing operation: String) -> StoreError {
        let detail = "\(operation): \(String(cString: strerror(code)))"
        switch code {
        case EACCES, EPERM, EROFS: return StoreError(.readOnly, path: path, detail: detail)
        case ENOSPC, EDQUOT: return StoreError(.diskFull, path: path, detail: detail)
        default: return StoreError(.io, path: path, detail: detail)
        }
    }
}

/// Runs `body`, turning any error into a `StoreError` about `path`.
func storeOperation<T>(_ path: String, _ body: () throws -> T) throws(StoreError) -> T {
    do {
        return try body()
    } catch {
        throw StoreError.from(error, path: path)
    }
}
