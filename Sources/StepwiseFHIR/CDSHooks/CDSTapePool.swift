// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// JSON tapes for hook bodies, kept between calls so each body is parsed into memory that is already
/// there (as the bulk importer keeps one tape per run) instead of a fresh tape per call.
///
/// A fresh tape allocates its slots (a quarter of the body's bytes in tokens, ≈ 90 kB for a 22.5 kB
/// patient-view body, every slot initialized first) and its token array, and frees both again after the
/// call; the free of a block that large also makes glibc consolidate its small-block lists. A kept tape
/// only rewrites the slots it uses. A tape holds no bytes and no result of the body it read: `parse`
/// replaces every token and the borrowed bytes, so a body is read exactly as with a fresh tape.
///
/// At most ``keptTapes`` are kept (one per concurrent call; `stepwise serve` runs the hook on one event
/// loop per core), and none whose token array grew past ``JSONTape/keptSlots`` (a very large body's
/// memory is given back, as the tape's own slots are).
enum CDSTapePool {
    /// Tapes kept for the next calls.
    static let keptTapes = 8

    /// A tape without a body, to be kept (its `bytes` are cleared before it is stored, so it holds no
    /// pointer into a request's buffer and can move between threads).
    struct Idle: @unchecked Sendable {
        var tape: JSONTape
    }

    private static let idle = Mutex<[Idle]>([])

    /// Runs `body` with a tape kept from an earlier call (or a new one), then keeps the tape for the next.
    ///
    /// `body` must not let the tape escape: it borrows the bytes it is given to parse.
    static func withTape<Result>(_ body: (inout JSONTape) throws -> Result) rethrows -> Result {
        var tape = idle.withLock { $0.popLast() }?.tape ?? JSONTape()
        defer { keep(&tape) }
        return try body(&tape)
    }

    /// Keeps `tape` (without its bytes) unless enough are kept or its tokens outgrew the bound.
    private static func keep(_ tape: inout JSONTape) {
        guard tape.tokens.capacity <= JSONTape.keptSlots else { return }
        tape.bytes = UnsafeRawBufferPointer(start: nil, count: 0)
        let kept = Idle(tape: tape)
        idle.withLock { tapes in
            if tapes.count < keptTapes { tapes.append(kept) }
        }
    }

    /// How many tapes are kept now (for tests).
    static var keptCount: Int { idle.withLock { $0.count } }
}
