// SensorGate — Modem: the modules' error codes and their meaning.

/// Numeric and verbose `+CME ERROR` codes (3GPP TS 27.007 §9.2.1) and the Quectel socket codes
/// (550–574, [QTCP96] §4), so that `AT+CMEE=1` and `AT+CMEE=2` replies compare equal.
public enum CMEErrorTable {
    /// Code and verbose text of the general and GPRS errors the driver meets.
    public static let entries: [(code: Int, text: String)] =
        [
            (0, "phone failure"), (1, "no connection to phone"), (3, "operation not allowed"),
            (4, "operation not supported"), (10, "SIM not inserted"), (11, "SIM PIN required"),
            (12, "SIM PUK required"), (13, "SIM failure"), (14, "SIM busy"), (15, "SIM wrong"),
            (16, "incorrect password"), (17, "SIM PIN2 required"), (18, "SIM PUK2 required"), (20, "memory full"),
            (30, "no network service"), (31, "network timeout"), (32, "network not allowed - emergency calls only"),
            (100, "unknown"), (103, "illegal MS"), (106, "illegal ME"), (107, "GPRS services not allowed"),
            (111, "PLMN not allowed"), (112, "location area not allowed"),
            (113, "roaming not allowed in this location area"),
            (132, "service option not supported"), (133, "requested service option not subscribed"),
            (134, "service option temporarily out of order"), (148, "unspecified GPRS error"),
            (149, "PDP authentication failure"), (150, "invalid mobile class"),
        ] + QuectelSocketError.entries

    /// The verbose text of `code`, or nil.
    /// - Parameter code: a numeric code.
    /// - Returns: the text.
    public static func text(for code: Int) -> String? { entries.first { $0.code == code }?.text }

    /// The numeric code of a verbose text (case-insensitive), or nil.
    /// - Parameter text: a verbose text.
    /// - Returns: the code.
    public static func code(for text: String) -> Int? {
        entries.first { $0.text.lowercased() == text.lowercased() }?.code
    }

    /// The numeric code of an error in either form.
    /// - Parameter error: the error of a `+CME ERROR`.
    /// - Returns: the code, or nil for an unknown verbose text.
    public static func code(of error: ATErrorCode) -> Int? {
        switch error {
        case .numeric(let code): code
        case .verbose(let text): code(for: text)
        }
    }
}

/// Quectel TCP/IP error codes ([QTCP96] §4, "Summary of Error Codes").
public enum QuectelSocketError {
    /// Code and meaning.
    public static let entries: [(code: Int, text: String)] = [
        (550, "Unknown error"), (551, "Operation blocked"), (552, "Invalid parameters"),
        (553, "Memory not enough"), (554, "Create socket failed"), (555, "Operation not supported"),
        (556, "Socket bind failed"), (557, "Socket listen failed"), (558, "Socket write failed"),
        (559, "Socket read failed"), (560, "Socket accept failed"), (561, "Open PDP context failed"),
        (562, "Close PDP context failed"), (563, "Socket identity has been used"), (564, "DNS busy"),
        (565, "DNS parse failed"), (566, "Socket connect failed"), (567, "Socket has been closed"),
        (568, "Operation busy"), (569, "Operation timeout"), (570, "PDP context broken down"),
        (571, "Cancel send"), (572, "Operation not allowed"), (573, "APN not configured"), (574, "Port busy"),
    ]
    /// `+QIOPEN: <id>,563`: the identifier is still in use (close it first).
    public static let identityInUse = 563
    /// `+QIOPEN: <id>,566`: the peer refused or did not answer.
    public static let connectFailed = 566
}

/// SIMCom `+CAOPEN: <cid>,<result>` results ([S7080] AT+CAOPEN).
public enum SIMComCAOpenResult {
    /// Result and meaning.
    public static let entries: [(code: Int, text: String)] = [
        (0, "Success"), (1, "Socket error"), (2, "No memory"), (3, "Connection limit"), (4, "Parameter invalid"),
        (6, "Invalid IP address"), (7, "Not support the function"), (12, "Can't bind the port"),
        (13, "Can't listen the port"), (20, "Can't resolve the host"), (21, "Network not active"),
        (23, "Remote refuse"), (24, "Certificate's time expired"), (25, "Certificate's common name does not match"),
        (26, "Certificate's common name does not match and time expired"), (27, "Connect failed"),
    ]
}

/// SIMCom `+CIPOPEN`/`+CIPCLOSE`/`+NETOPEN` error values ([S7600] "Description of <err>").
public enum SIMComCIPError {
    /// Value and meaning.
    public static let entries: [(code: Int, text: String)] = [
        (0, "operation succeeded"), (1, "Network failure"), (2, "Network not opened"), (3, "Wrong parameter"),
        (4, "Operation not supported"), (5, "Failed to create socket"), (6, "Failed to bind socket"),
        (7, "TCP server is already listening"), (8, "Busy"), (9, "Sockets opened"), (10, "Timeout"),
        (11, "DNS parse failed for AT+CIPOPEN"), (255, "Unknown error"),
    ]
}
