// SensorGate — Board tests: the loader's error line for a YAML text, shared by the suites.

import Board

/// The error `BoardLoader.parse` reports for `yaml` read as `file`, or nil when it loads.
func boardError(_ yaml: String, file: String) -> String? {
    do {
        _ = try BoardLoader.parse(yaml, file: file)
        return nil
    } catch {
        return error.description
    }
}
