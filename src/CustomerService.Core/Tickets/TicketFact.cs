namespace CustomerService.Core.Tickets;

/// <summary>
/// A fact the host supplies about a ticket for SLA selection: its customer's segment or contract tier, its group, queue or
/// department, its organisation, a tag. The SLA selection rules declare each fact's name and kind.
/// </summary>
/// <remarks>
/// Values are text in the invariant culture: an enum fact's value name (<c>Gold</c>), a flag's <c>true</c>/<c>false</c>,
/// a number (<c>12.5</c>) or a count (<c>3</c>). Never put personal data in a fact: facts are stored with the ticket and
/// read by rules, and a rejected one is named in the error.
/// </remarks>
/// <param name="Name">The fact's name, as declared by the SLA selection rules.</param>
/// <param name="Value">The fact's value as text.</param>
/// <threadsafety>This type is an immutable value type and may be shared freely between threads.</threadsafety>
public readonly record struct TicketFact(string Name, string Value);
