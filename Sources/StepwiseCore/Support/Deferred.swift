// SPDX-License-Identifier: Apache-2.0

/// A report value that is rendered only when it is read.
///
/// The engine decides everything with numbers, ids and enums; the sentences that explain a
/// decision (a TRD verdict's explanation, a plan option's rationale, a checklist item's evidence)
/// are only needed when a report is written out. A `@Deferred` property keeps the inputs of such
/// a sentence and renders it on first read — so assessing a cohort of 100 000 patients does not
/// build megabytes of text nobody reads, while every reader still sees a plain `String`.
///
/// Rendering is pure and deterministic: the same inputs give the same text, so a deferred value
/// compares, encodes and decodes exactly like the value it renders to.
///
/// ```swift
/// struct Verdict {
///     @Deferred var explanation: String
/// }
/// var verdict = Verdict(explanation: "")
/// verdict.$explanation = Deferred { "Met: \(counted) counted, \(needed) needed." }
/// print(verdict.explanation)   // rendered here
/// ```
@propertyWrapper
public struct Deferred<Value: Sendable>: Sendable {
    @usableFromInline
    enum Storage: Sendable {
        case value(Value)
        case render(@Sendable () -> Value)
        case indexed(any DeferredSource<Value>, Int)
    }

    @usableFromInline
    var storage: Storage

    /// A value that is already known.
    @inlinable
    public init(wrappedValue: Value) { storage = .value(wrappedValue) }

    /// A value rendered by `render` when it is first read. `render` must be pure.
    @inlinable
    public init(_ render: @escaping @Sendable () -> Value) { storage = .render(render) }

    /// Value number `index` of `source`, rendered when it is first read. One source object can
    /// serve many deferred values (e.g. every item of a checklist) without a closure per value.
    @inlinable
    public init(source: any DeferredSource<Value>, index: Int) { storage = .indexed(source, index) }

    /// The value, rendered now if it was deferred.
    @inlinable
    public var wrappedValue: Value {
        get {
            switch storage {
            case .value(let value): value
            case .render(let render): render()
            case .indexed(let source, let index): source.render(index)
            }
        }
        set { storage = .value(newValue) }
    }

    /// The wrapper itself, so the engine can assign a deferred rendering:
    /// `item.$evidence = Deferred { … }`.
    @inlinable
    public var projectedValue: Deferred<Value> {
        get { self }
        set { self = newValue }
    }

    /// Whether the value is still waiting to be rendered (tests and benchmarks use this).
    public var isDeferred: Bool {
        if case .value = storage { return false }
        return true
    }
}

/// Renders several deferred values from one set of captured inputs: a final class holding the
/// structured facts, asked for value number `index` when a report is written.
public protocol DeferredSource<Rendered>: AnyObject, Sendable {
    /// The type of the rendered values.
    associatedtype Rendered
    /// Renders value number `index`. Must be pure: the same index always gives the same value.
    func render(_ index: Int) -> Rendered
}

extension Deferred: Equatable where Value: Equatable {
    /// Deferred values are equal when their rendered values are equal.
    public static func == (lhs: Deferred, rhs: Deferred) -> Bool { lhs.wrappedValue == rhs.wrappedValue }
}

extension Deferred: Encodable where Value: Encodable {
    /// Encodes the rendered value, exactly as the plain value would be encoded.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}

extension Deferred: Decodable where Value: Decodable {
    /// Decodes a plain value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(wrappedValue: try container.decode(Value.self))
    }
}

extension Deferred: ExpressibleByStringLiteral, ExpressibleByUnicodeScalarLiteral,
    ExpressibleByExtendedGraphemeClusterLiteral
where Value == String {
    /// A literal string, already rendered.
    public init(stringLiteral value: String) { self.init(wrappedValue: value) }
}

extension Deferred: ExpressibleByArrayLiteral where Value: RangeReplaceableCollection {
    /// A literal array, already rendered.
    public init(arrayLiteral elements: Value.Element...) { self.init(wrappedValue: Value(elements)) }
}
