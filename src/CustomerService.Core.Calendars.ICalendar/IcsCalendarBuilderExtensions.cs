namespace CustomerService.Core.Calendars.ICalendar;

/// <summary>Imports holidays, make-up working days and special openings from iCalendar (RFC 5545) text onto a <see cref="BusinessCalendarBuilder"/>.</summary>
/// <remarks>
/// The whole text is read and checked first (syntax, every event, every occurrence in the range, dates both closed and
/// opened, overlapping openings); only then is anything added to the builder, so a <see cref="CalendarImportException"/>
/// leaves the builder unchanged. The builder's own checks still apply when the imported dates meet dates the builder
/// already has (a date closed by the builder and opened by the file, say): such a
/// <see cref="CalendarConfigurationException"/> can come after part of the file was applied, so import onto a builder
/// that holds its weekly hours only, or discard the builder on that error. The mapping is described on
/// <see cref="IcsImportOptions"/>. No file is read: pass the text or a stream the caller opened.
/// </remarks>
/// <threadsafety>The methods are thread-safe for distinct builders; a builder itself is not thread-safe.</threadsafety>
public static class IcsCalendarBuilderExtensions
{
    /// <summary>Imports an iCalendar text onto the builder.</summary>
    /// <param name="builder">The builder to add closed dates and openings to.</param>
    /// <param name="ics">The iCalendar text, one VCALENDAR.</param>
    /// <param name="options">The mapping and the range to import.</param>
    /// <returns>The builder, to chain calls.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <see cref="IcsImportOptions.Range"/> reaches outside 1900-01-01 .. 2199-12-31.</exception>
    /// <exception cref="ArgumentException">Thrown when <see cref="IcsImportOptions.MakeUpDayHours"/> has overlapping ranges.</exception>
    /// <exception cref="CalendarImportException">Thrown when the text cannot be imported; it names the line and component, and the builder is unchanged.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when an imported date conflicts with a date the builder already has.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its calendar.</exception>
    public static BusinessCalendarBuilder ImportIcs(this BusinessCalendarBuilder builder, string ics, IcsImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IcsReader.Read(ics, options).ApplyTo(builder);
        return builder;
    }

    /// <summary>Imports an iCalendar stream (UTF-8, or as its byte order mark says) onto the builder; the stream is read to its end and left open.</summary>
    /// <param name="builder">The builder to add closed dates and openings to.</param>
    /// <param name="ics">The stream holding one VCALENDAR, for example from <see cref="File.OpenRead(string)"/>.</param>
    /// <param name="options">The mapping and the range to import.</param>
    /// <returns>The builder, to chain calls.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <see cref="IcsImportOptions.Range"/> reaches outside 1900-01-01 .. 2199-12-31.</exception>
    /// <exception cref="ArgumentException">Thrown when <see cref="IcsImportOptions.MakeUpDayHours"/> has overlapping ranges.</exception>
    /// <exception cref="CalendarImportException">Thrown when the text cannot be imported; it names the line and component, and the builder is unchanged.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when an imported date conflicts with a date the builder already has.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its calendar.</exception>
    public static BusinessCalendarBuilder ImportIcs(this BusinessCalendarBuilder builder, Stream ics, IcsImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(ics);
        using var reader = new StreamReader(ics, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return builder.ImportIcs(reader.ReadToEnd(), options);
    }
}
