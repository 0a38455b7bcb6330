// SensorGate — ModbusTCP: one client connection: requests in, responses out, bad frames closed and counted.

import Modbus
import NIOCore

/// Answers each MBAP frame with the request handler, in order. A framing error closes the connection
/// and is counted as a malformed frame.
final class ModbusConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = MBAPFrame
    typealias OutboundOut = ByteBuffer

    private let handler: ModbusRequestHandler
    private let onClose: @Sendable () -> Void

    init(handler: ModbusRequestHandler, onClose: @escaping @Sendable () -> Void) {
        self.handler = handler
        self.onClose = onClose
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let response = handler.respond(to: unwrapInboundIn(data))
        let bytes = response.encoded()
        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        context.write(wrapOutboundOut(buffer), promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) { context.flush() }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if error is ModbusFrameError || error is ByteToMessageDecoderError {
            handler.counters.increment(.malformedFrames)
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        onClose()
        context.fireChannelInactive()
    }
}
