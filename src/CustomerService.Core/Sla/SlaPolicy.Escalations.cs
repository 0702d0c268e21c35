using System.Collections.Immutable;

namespace CustomerService.Core.Sla;

/// <content>Escalation rules (issue 17, item 7).</content>
public sealed partial class SlaPolicy
{
    /// <summary>Gets the escalation rules, in the order they were added; the ticket service applies them.</summary>
    internal ImmutableArray<SlaEscalationRule> Escalations { get; init; } = [];
}
