/// The outcome of offering a reading to a `WindowTable`.
enum Admission<Payload> {
    /// The reading belongs to this open window; fold it into `payload`.
    case accepted(OpenWindow<Payload>)
    /// The reading is rejected (future, late or duplicate), with a sentence saying why.
    case rejected(RejectReason, String)
}
