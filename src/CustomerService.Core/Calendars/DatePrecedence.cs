namespace CustomerService.Core.Calendars;

/// <summary>Which date override wins when one date is both closed as a holiday and opened with its own ranges.</summary>
/// <remarks>
/// Merging a holiday list with a list of shifts often puts one date in both; a calendar settles it with one rule
/// instead of an error (<see cref="BusinessCalendarBuilder.WithDatePrecedence(DatePrecedence)"/>, or
/// <c>"DatePrecedence"</c> in <see cref="BusinessCalendarOptions"/>). The default value is <see cref="OpeningWins"/>; zero is no precedence and is refused, so a missing value never reads as a plausible rule.
/// </remarks>
/// <threadsafety>This is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum DatePrecedence
{
    /// <summary>The explicit opening wins: the date opens with its own ranges (the more specific instruction, such as a desk staffed on a public holiday). The default.</summary>
    OpeningWins = 1,

    /// <summary>The holiday wins: the date is closed all day, whatever opens it.</summary>
    HolidayWins = 2,
}
