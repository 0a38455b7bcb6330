#!/usr/bin/env python3
"""pymodbus's Modbus RTU server on a serial port (the terminal end of a pseudo-terminal in the tests).

  modbus_rtu_server.py --port /dev/pts/N --device 17 [--seconds 30] [--debug]

Device 17 holds input registers 0..9 = 1000, 1001, ... 1009 and holding registers 0..9 = 0x022B, 0, 0x64, 0 ...
(the specification's example values); other device ids are not answered. Ends after --seconds.
Exits 2 with one line on stderr when pymodbus or pyserial is missing (Scripts/setup installs them).
"""
import argparse
import asyncio
import sys

try:
    import serial  # noqa: F401  pymodbus's serial transport needs pyserial
    from pymodbus.datastore import ModbusDeviceContext, ModbusSequentialDataBlock, ModbusServerContext
    from pymodbus.server import ModbusSerialServer
except ImportError as error:
    print(f"modbus_rtu_server: {error}; run Scripts/setup (pip install pymodbus pyserial)", file=sys.stderr)
    sys.exit(2)


def trace(sending, data):
    print(("sent " if sending else "received ") + data.hex(), file=sys.stderr, flush=True)
    return data


async def main():
    debug = "--debug" in sys.argv
    if debug:
        sys.argv.remove("--debug")
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", required=True)
    parser.add_argument("--device", type=int, default=17)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    # a pseudo-terminal refuses parity settings (EINVAL): 8N1. pymodbus addresses a sequential block from 1
    # for protocol address 0.
    device = ModbusDeviceContext(
        ir=ModbusSequentialDataBlock(1, [1000 + i for i in range(10)]),
        hr=ModbusSequentialDataBlock(1, [0x022B, 0, 0x64, 0, 0, 0, 0, 0, 0, 0]),
    )
    context = ModbusServerContext(devices={args.device: device}, single=False)
    server = ModbusSerialServer(context, port=args.port, baudrate=19200, parity="N",
                                ignore_missing_devices=False, trace_packet=trace if debug else None)
    await server.serve_forever(background=True)  # returns once the port is open
    print("ready", flush=True)
    await asyncio.sleep(args.seconds)
    await server.shutdown()


if __name__ == "__main__":
    asyncio.run(main())
