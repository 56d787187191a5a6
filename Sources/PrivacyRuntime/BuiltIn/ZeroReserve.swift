import CProcessControl
import Foundation
import Paillier

/// Encryptions of zero made ahead of need for `per_window` windows, on a thread of the lowest priority: the
/// cycles the pipeline leaves idle (while it admits, folds or releases on one core) make the E(0)s that later
/// windows open with. Holds at most `capacity`; the thread starts at the first `take` (nothing is made before
/// a run asks for it) and ends at `stop()`. Each E(0) is handed out once, and those never taken are freed
/// through GMP's zeroing allocator.
///
/// What waits here is as secret as an open window's state: an E(0) read from the process's memory, with the
/// aggregate of the window that later opens with it, gives that window's sum (README, threat model).
final class ZeroReserve: @unchecked Sendable {
    /// E(0)s the thread makes at a time: one pass over the DJN table for all of them.
    private static let groupSize = 8

    private let encryptor: PaillierEncryptor
    private let capacity: Int
    /// Guards `ready`, `started` and `stopped`, and wakes the thread when there is room or it must end.
    private let condition = NSCondition()
    private var ready: [PaillierCiphertext] = []
    private var started = false
    private var stopped = false

    /// A reserve of at most `capacity` E(0)s under `encryptor`'s key.
    init(encryptor: PaillierEncryptor, capacity: Int) {
        self.encryptor = encryptor
        self.capacity = capacity
    }

    /// Up to `count` ready E(0)s, each removed from the reserve; the first call starts the thread.
    func take(upTo count: Int) -> [PaillierCiphertext] {
        condition.lock()
        defer { condition.unlock() }
        if !started && !stopped {
            started = true
            Thread { [self] in produce() }.start()
        }
        let taken = Array(ready.suffix(count))
        ready.removeLast(taken.count)
        condition.signal()
        return taken
    }

    /// Ends the thread and drops what is ready.
    func stop() {
        condition.lock()
        stopped = true
        ready.removeAll()
        condition.signal()
        condition.unlock()
    }

    /// The thread's loop: make a group whenever there is room, until stopped.
    private func produce() {
        _ = cprocess_lower_thread_priority()
        while true {
            condition.lock()
            while !stopped && ready.count + Self.groupSize > capacity { condition.wait() }
            let done = stopped
            condition.unlock()
            if done { return }
            let made = encryptor.encrypt(batch: Array(repeating: 0, count: Self.groupSize), onEveryCore: false)
            condition.lock()
            if !stopped { ready.append(contentsOf: made) }
            condition.unlock()
        }
    }
}
