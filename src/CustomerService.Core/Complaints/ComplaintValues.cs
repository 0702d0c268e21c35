namespace CustomerService.Core.Complaints;

/// <summary>The assessment made while investigating a complaint.</summary>
/// <param name="Severity">How serious it is.</param>
/// <param name="Category">What it is about.</param>
/// <param name="RootCause">The root cause found.</param>
/// <threadsafety>This type is an immutable value type and may be shared freely between threads.</threadsafety>
public readonly record struct ComplaintAssessment(ComplaintSeverity Severity, ComplaintCategory Category, ComplaintRootCause RootCause);

/// <summary>A remedy offered to a complainant: a refund or compensation carries an amount; the other kinds carry none.</summary>
/// <param name="Kind">The kind of remedy.</param>
/// <param name="Amount">The amount of a refund or compensation, positive; <see langword="null"/> for the other kinds.</param>
/// <param name="Currency">The ISO 4217 currency code of <paramref name="Amount"/> (for example <c>CNY</c>); <see langword="null"/> without an amount.</param>
/// <threadsafety>This type is an immutable value type and may be shared freely between threads.</threadsafety>
public readonly record struct ComplaintRemedy(RemedyKind Kind, decimal? Amount, string? Currency)
{
    /// <summary>Gets a value indicating whether this remedy kind carries an amount.</summary>
    /// <value><see langword="true"/> for <see cref="RemedyKind.Refund"/> and <see cref="RemedyKind.Compensation"/>.</value>
    public bool HasAmount => Kind is RemedyKind.Refund or RemedyKind.Compensation;

    internal void Validate(string property)
    {
        Guard.CommandDefined(Kind, property + ".Kind");
        if (HasAmount)
        {
            Guard.Command(Amount > 0m, property + ".Amount", "must be positive for a refund or a compensation");
            Guard.Command(Currency is { Length: 3 } c && c.All(char.IsAsciiLetterUpper), property + ".Currency", "must be a three-letter ISO 4217 code such as CNY");
        }
        else
        {
            Guard.Command(Amount is null && Currency is null, property + ".Amount", "must be absent for a remedy other than a refund or a compensation");
        }
    }
}
