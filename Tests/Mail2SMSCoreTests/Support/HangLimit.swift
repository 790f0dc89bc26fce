import Testing

extension Trait where Self == TimeLimitTrait {
    /// As TestSupport's `hangLimit` (this target does not depend on TestSupport): the limit is for hangs,
    /// never for speed; `swift test` runs every suite at once on two cores.
    static var hangLimit: Self { .timeLimit(.minutes(5)) }
}
