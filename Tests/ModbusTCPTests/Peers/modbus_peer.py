#!/usr/bin/env python3
"""SensorGate's Modbus TCP server seen from pymodbus and raw sockets (Tests/ModbusTCPTests, Scripts/bench-modbus).

  modbus_peer.py read --port P            wait until every point is good, then read the whole map; JSON out
  modbus_peer.py malformed --port P       a frame with protocol id 7 must be answered by a close; JSON out
  modbus_peer.py load --port P --clients N --rate R --seconds S   N raw asyncio clients, R requests/s each; JSON out

Exits 2 with one line on stderr when pymodbus is missing (Scripts/setup installs it).
"""
import argparse
import asyncio
import json
import socket
import struct
import sys
import time

try:
    import pymodbus
    from pymodbus.client import AsyncModbusTcpClient, ModbusTcpClient
    from pymodbus.exceptions import ModbusIOException
except ImportError:
    print("modbus_peer: pymodbus is missing; run Scripts/setup (pip install pymodbus)", file=sys.stderr)
    sys.exit(2)

BASE, RECORD = 100, 8


def floats(regs):
    return struct.unpack(">f", struct.pack(">HH", regs[0], regs[1]))[0]


def int32(regs):
    return struct.unpack(">i", struct.pack(">HH", regs[0], regs[1]))[0]


def read_map(client, unit):
    header = client.read_input_registers(0, count=6, device_id=unit)
    assert not header.isError(), header
    points, alarms, settings = header.registers[1], header.registers[2], header.registers[3]
    records = []
    for first in range(0, points, 15):
        n = min(15, points - first)
        rr = client.read_input_registers(BASE + RECORD * first, count=RECORD * n, device_id=unit)
        assert not rr.isError(), rr
        for i in range(n):
            r = rr.registers[RECORD * i:RECORD * (i + 1)]
            records.append({
                "float": floats(r[0:2]), "int32": int32(r[2:4]), "int16": struct.unpack(">h", struct.pack(">H", r[4]))[0],
                "quality": r[5], "ageMs": (r[6] << 16) | r[7],
                "floatViaPymodbus": client.convert_from_registers(r[0:2], data_type=client.DATATYPE.FLOAT32,
                                                                  word_order="big"),
            })
    return header.registers, records, alarms, settings


def command_read(args):
    client = ModbusTcpClient("127.0.0.1", port=args.port, timeout=3)
    deadline = time.monotonic() + args.wait
    while not client.connect():
        if time.monotonic() > deadline:
            raise SystemExit("modbus_peer: cannot connect to 127.0.0.1:%d" % args.port)
        time.sleep(0.1)
    while True:
        header, records, alarms, settings = read_map(client, args.unit)
        if all(r["quality"] in (1, 4) for r in records) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    out = {"pymodbus": pymodbus.__version__, "header": header, "records": records}
    out["discreteInputs"] = client.read_discrete_inputs(0, count=alarms, device_id=args.unit).bits[:alarms]
    bad = client.read_input_registers(BASE + RECORD * len(records), count=1, device_id=args.unit)
    out["pastTheEnd"] = bad.exception_code if bad.isError() else None
    other = client.read_input_registers(0, count=1, device_id=args.unit + 1)
    out["otherUnit"] = other.exception_code if other.isError() else None
    if settings > 0:
        holding = client.read_holding_registers(0, count=2, device_id=args.unit)
        out["staleAfterS"] = floats(holding.registers)
        written = client.convert_to_registers(7.5, data_type=client.DATATYPE.FLOAT32, word_order="big")
        wr = client.write_registers(0, written, device_id=args.unit)
        out["writeStaleAfter"] = wr.exception_code if wr.isError() else 0
        rw = client.readwrite_registers(read_address=0, read_count=2, write_address=0, values=written,
                                        device_id=args.unit)
        out["readWrite"] = floats(rw.registers) if not rw.isError() else None
        refused = client.write_registers(0, [0x7FC0, 0], device_id=args.unit)
        out["writeNaN"] = refused.exception_code if refused.isError() else 0
        coil = client.write_coil(0, False, device_id=args.unit)
        out["writeCoil"] = coil.exception_code if coil.isError() else 0
        out["coils"] = client.read_coils(0, count=alarms, device_id=args.unit).bits[:alarms]
    else:
        wr = client.write_registers(0, [0, 0], device_id=args.unit)
        out["writeStaleAfter"] = wr.exception_code if wr.isError() else 0
    client.close()
    print(json.dumps(out))


def command_malformed(args):
    with socket.create_connection(("127.0.0.1", args.port), timeout=5) as s:
        s.sendall(bytes([0, 1, 0, 7, 0, 6, 1, 4, 0, 0, 0, 1]))
        try:
            data = s.recv(100)
            closed = data == b""
        except ConnectionResetError:
            closed = True
    with socket.create_connection(("127.0.0.1", args.port), timeout=5) as s:
        s.sendall(bytes([0, 9, 0, 0, 0, 6, 1, 4, 0, 0, 0, 1]))
        reply = s.recv(100)
    print(json.dumps({"closed": closed, "afterwards": list(reply)}))


async def one_client(port, unit, rate, seconds, counts, span):
    """A small asyncio client (raw MBAP, no pymodbus: one Python process drives many of these): reads
    120 input registers from 100 every 1/rate s, on absolute deadlines, and checks each response."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        counts["errors"] += 1
        return
    period = 1.0 / rate
    start = time.monotonic()
    n = 0
    while n * period < seconds:
        delay = start + n * period - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        transaction = n & 0xFFFF
        writer.write(struct.pack(">HHHBBHH", transaction, 0, 6, unit, 4, BASE, 120))
        try:
            header = await asyncio.wait_for(reader.readexactly(7), 3)
            tid, proto, length, _ = struct.unpack(">HHHB", header)
            body = await asyncio.wait_for(reader.readexactly(length - 1), 3)
            if tid == transaction and proto == 0 and body[0] == 4 and body[1] == 240:
                counts["requests"] += 1
            else:
                counts["errors"] += 1
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, OSError):
            counts["errors"] += 1
            break
        n += 1
    span.append(time.monotonic() - start)
    writer.close()


async def load(args):
    counts = {"requests": 0, "errors": 0}
    span = []
    await asyncio.gather(*(one_client(args.port, args.unit, args.rate, args.seconds, counts, span)
                           for _ in range(args.clients)))
    wall = max(span) if span else 0
    print(json.dumps({"clients": args.clients, "ratePerClient": args.rate, "seconds": args.seconds,
                      "requests": counts["requests"], "errors": counts["errors"], "wallS": wall,
                      "achievedPerS": counts["requests"] / wall if wall else 0}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["read", "malformed", "load"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--unit", type=int, default=1)
    parser.add_argument("--wait", type=float, default=30)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    if args.command == "read":
        command_read(args)
    elif args.command == "malformed":
        command_malformed(args)
    else:
        asyncio.run(load(args))


if __name__ == "__main__":
    main()
