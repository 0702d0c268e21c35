using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>One promise of an SLA policy: how much time a metric may take for a priority, counted in business or calendar time.</summary>
/// <remarks>The default value (metric and basis <c>Unspecified</c>, a zero duration) is not a target: policies never hold it and builders reject its parts.</remarks>
/// <threadsafety>This type is an immutable value type: an instance may be read from any number of threads at once without locking.</threadsafety>
/// <param name="Metric">The metric the target applies to.</param>
/// <param name="Priority">The priority the target applies to, or <see langword="null"/> for every priority without a target of its own.</param>
/// <param name="Duration">The time allowed before a breach; positive.</param>
/// <param name="Basis">Whether <paramref name="Duration"/> counts business time on the policy's calendar or calendar time (24×7).</param>
public readonly record struct SlaTarget(SlaMetric Metric, SlaPriority? Priority, Duration Duration, SlaTimeBasis Basis);
