using System.Globalization;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Leads.Studio;

/// <summary>The studio follow-up playbook as configuration (JSON-bindable); every value has the studio's default.</summary>
/// <remarks>Times of day are <c>HH:mm</c> in the sending-hours calendar's zone; dates are ISO <c>yyyy-MM-dd</c>.</remarks>
/// <threadsafety>This type is a mutable options class; do not change it while another thread reads it.</threadsafety>
public sealed class StudioPlaybookOptions
{
    /// <summary>Gets or sets the playbook's name, recorded in segment history.</summary>
    /// <value>The default value is <c>studio-follow-up</c>.</value>
    public string Name { get; set; } = "studio-follow-up";

    /// <summary>Gets or sets the channel of every message.</summary>
    /// <value>The default value is <see cref="OutreachChannel.Sms"/>.</value>
    public OutreachChannel Channel { get; set; } = OutreachChannel.Sms;

    /// <summary>Gets or sets the deposit share, in percent, from which a deposit gets the quality-and-service message.</summary>
    /// <value>The default value is 30 (30 %); valid values are 1 to 99.</value>
    public int DepositThresholdPercent { get; set; } = 30;

    /// <summary>Gets or sets how long after a deal the deal message is sent, in minutes.</summary>
    /// <value>The default value is 0 (at once); valid values are 0 to 1440.</value>
    public int DealMessageDelayMinutes { get; set; }

    /// <summary>Gets or sets how long after a no-deal customer leaves the apology is sent, in minutes.</summary>
    /// <value>The default value is 10; valid values are 0 to 30 (the seed: within 30 minutes of leaving).</value>
    public int ApologyDelayMinutes { get; set; } = 10;

    /// <summary>Gets or sets when the afternoon follow-up window starts.</summary>
    /// <value>The default value is <c>13:30</c>.</value>
    public string AfternoonStart { get; set; } = "13:30";

    /// <summary>Gets or sets when the afternoon follow-up window ends.</summary>
    /// <value>The default value is <c>17:30</c>; must be after <see cref="AfternoonStart"/>.</value>
    public string AfternoonEnd { get; set; } = "17:30";

    /// <summary>Gets or sets the length of the second call's due window, in open-hours minutes.</summary>
    /// <value>The default value is 60; valid values are 1 to 1440.</value>
    public int SecondCallWindowMinutes { get; set; } = 60;

    /// <summary>Gets or sets the time of day of the reminder sent the day before an appointment.</summary>
    /// <value>The default value is <c>10:00</c>.</value>
    public string ReminderTime { get; set; } = "10:00";

    /// <summary>Gets or sets how long after an appointment starts the thanks are sent, in minutes.</summary>
    /// <value>The default value is 180; valid values are 0 to 1440.</value>
    public int ThanksDelayMinutes { get; set; } = 180;

    /// <summary>Gets or sets the time of day of wedding-day, birthday, anniversary and festival greetings.</summary>
    /// <value>The default value is <c>09:00</c>.</value>
    public string GreetingTime { get; set; } = "09:00";

    /// <summary>Gets or sets the offer key of the small discount on the package discussed (the package key is appended after a colon).</summary>
    /// <value>The default value is <c>small-discount</c>.</value>
    public string SmallDiscountOffer { get; set; } = "small-discount";

    /// <summary>Gets the template keys.</summary>
    /// <value>The default value has the studio's keys.</value>
    public StudioTemplateOptions Templates { get; } = new();

    /// <summary>Gets the catalogue entries: surprise packages and greeting templates with their effective periods.</summary>
    /// <value>The default value is an empty list.</value>
    public IList<CatalogueEntryOptions> Catalogue { get; } = [];
}

/// <summary>The message template and call script keys of <see cref="StudioPlaybookOptions"/>.</summary>
/// <threadsafety>This type is a mutable options class.</threadsafety>
public sealed class StudioTemplateOptions
{
    /// <summary>Gets or sets the thank-you after a deal paid in full.</summary>
    /// <value>The default value is <c>visit.full-payment.thanks</c>.</value>
    public string FullPayment { get; set; } = "visit.full-payment.thanks";

    /// <summary>Gets or sets the quality-and-service message after a deposit of at least the threshold.</summary>
    /// <value>The default value is <c>visit.deposit.quality-service</c>.</value>
    public string DepositAtLeastThreshold { get; set; } = "visit.deposit.quality-service";

    /// <summary>Gets or sets the thanks, quality and service message after a smaller deposit.</summary>
    /// <value>The default value is <c>visit.deposit.thanks-quality-service</c>.</value>
    public string DepositBelowThreshold { get; set; } = "visit.deposit.thanks-quality-service";

    /// <summary>Gets or sets the apology after a visit without a deal.</summary>
    /// <value>The default value is <c>visit.no-deal.apology</c>.</value>
    public string NoDealApology { get; set; } = "visit.no-deal.apology";

    /// <summary>Gets or sets the script of the same-afternoon call ("感谢您的到来!…我们期待您的再次光临").</summary>
    /// <value>The default value is <c>call.no-deal.win-back</c>.</value>
    public string WinBackScript { get; set; } = "call.no-deal.win-back";

    /// <summary>Gets or sets the script of the next-day call with the surprise packages.</summary>
    /// <value>The default value is <c>call.no-deal.surprise-package</c>.</value>
    public string SurprisePackageScript { get; set; } = "call.no-deal.surprise-package";

    /// <summary>Gets or sets the script of the information call the day after an album or dress pickup.</summary>
    /// <value>The default value is <c>call.after-pickup.information</c>.</value>
    public string AfterPickupScript { get; set; } = "call.after-pickup.information";

    /// <summary>Gets or sets the prefix of reminders; the appointment kind is appended (<c>reminder.shooting</c>).</summary>
    /// <value>The default value is <c>reminder</c>.</value>
    public string ReminderPrefix { get; set; } = "reminder";

    /// <summary>Gets or sets the prefix of thanks after appointments; the kind is appended (<c>thanks.selection</c>).</summary>
    /// <value>The default value is <c>thanks</c>.</value>
    public string ThanksPrefix { get; set; } = "thanks";

    /// <summary>Gets or sets the wedding-day congratulations.</summary>
    /// <value>The default value is <c>greeting.wedding-day</c>.</value>
    public string WeddingCongratulations { get; set; } = "greeting.wedding-day";

    /// <summary>Gets or sets the birthday greeting used when the catalogue has none effective.</summary>
    /// <value>The default value is <c>greeting.birthday</c>.</value>
    public string Birthday { get; set; } = "greeting.birthday";

    /// <summary>Gets or sets the anniversary greeting used when the catalogue has none effective.</summary>
    /// <value>The default value is <c>greeting.anniversary</c>.</value>
    public string Anniversary { get; set; } = "greeting.anniversary";

    /// <summary>Gets or sets the weekly care message to active customers, used when the catalogue has none effective.</summary>
    /// <value>The default value is <c>care.weekly</c>.</value>
    public string WeeklyCare { get; set; } = "care.weekly";

    /// <summary>Gets or sets the company-anniversary greeting, used when the catalogue has none effective.</summary>
    /// <value>The default value is <c>greeting.company-anniversary</c>.</value>
    public string CompanyAnniversary { get; set; } = "greeting.company-anniversary";

    /// <summary>Gets or sets the festival phone greeting used when the catalogue has none effective.</summary>
    /// <value>The default value is <c>call.incoming.greeting</c>.</value>
    public string PhoneGreeting { get; set; } = "call.incoming.greeting";

    /// <summary>Gets or sets the festival greeting used when the catalogue has none effective; the festival's key is appended.</summary>
    /// <value>The default value is <c>greeting.festival</c>.</value>
    public string Festival { get; set; } = "greeting.festival";
}

/// <summary>One catalogue entry of <see cref="StudioPlaybookOptions.Catalogue"/>.</summary>
/// <threadsafety>This type is a mutable options class.</threadsafety>
public sealed class CatalogueEntryOptions
{
    /// <summary>Gets or sets the offer's or template's key.</summary>
    /// <value>The default value is an empty string (invalid).</value>
    public string Key { get; set; } = string.Empty;

    /// <summary>Gets or sets the kind (see <see cref="CatalogueKinds"/>).</summary>
    /// <value>The default value is an empty string (invalid).</value>
    public string Kind { get; set; } = string.Empty;

    /// <summary>Gets or sets the first date it is effective, <c>yyyy-MM-dd</c>.</summary>
    /// <value>The default value is an empty string (invalid).</value>
    public string From { get; set; } = string.Empty;

    /// <summary>Gets or sets the first date it is no longer effective, <c>yyyy-MM-dd</c>.</summary>
    /// <value>The default value is an empty string (invalid).</value>
    public string Until { get; set; } = string.Empty;

    /// <summary>Gets or sets whether only customers reached by a follow-up call may have it.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool CallbackCustomersOnly { get; set; }
}

/// <summary>Validates <see cref="StudioPlaybookOptions"/>, reporting every error with its configuration key.</summary>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
internal sealed class StudioPlaybookOptionsValidator : IValidateOptions<StudioPlaybookOptions>
{
    /// <summary>Validates one named options instance.</summary>
    /// <param name="name">The options name (may be <see langword="null"/>).</param>
    /// <param name="options">The options.</param>
    /// <returns>Success, or a failure listing every error.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> is <see langword="null"/>.</exception>
    public ValidateOptionsResult Validate(string? name, StudioPlaybookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static List<string> Collect(StudioPlaybookOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Name))
        {
            errors.Add("Name: the playbook needs a name");
        }

        if (!Enum.IsDefined(o.Channel))
        {
            errors.Add("Channel: not a defined channel");
        }

        Range(errors, "DepositThresholdPercent", o.DepositThresholdPercent, 1, 99);
        Range(errors, "DealMessageDelayMinutes", o.DealMessageDelayMinutes, 0, 1440);
        Range(errors, "ApologyDelayMinutes", o.ApologyDelayMinutes, 0, 30);
        Range(errors, "SecondCallWindowMinutes", o.SecondCallWindowMinutes, 1, 1440);
        Range(errors, "ThanksDelayMinutes", o.ThanksDelayMinutes, 0, 1440);
        var start = Time(errors, "AfternoonStart", o.AfternoonStart);
        var end = Time(errors, "AfternoonEnd", o.AfternoonEnd);
        if (start is { } s && end is { } e && e <= s)
        {
            errors.Add($"AfternoonEnd: must be after AfternoonStart ({o.AfternoonStart})");
        }

        Time(errors, "ReminderTime", o.ReminderTime);
        Time(errors, "GreetingTime", o.GreetingTime);
        if (string.IsNullOrWhiteSpace(o.SmallDiscountOffer))
        {
            errors.Add("SmallDiscountOffer: needs an offer key");
        }

        foreach (var property in typeof(StudioTemplateOptions).GetProperties())
        {
            if (string.IsNullOrWhiteSpace(property.GetValue(o.Templates) as string))
            {
                errors.Add($"Templates:{property.Name}: needs a template key");
            }
        }

        for (var i = 0; i < o.Catalogue.Count; i++)
        {
            var entry = o.Catalogue[i];
            var key = $"Catalogue:{i}";
            if (entry is null)
            {
                errors.Add($"{key}: an empty catalogue entry");
                continue;
            }
            if (string.IsNullOrWhiteSpace(entry.Key))
            {
                errors.Add($"{key}:Key: needs a key");
            }

            if (string.IsNullOrWhiteSpace(entry.Kind))
            {
                errors.Add($"{key}:Kind: entry '{entry.Key}' needs a kind");
            }

            var from = Date(errors, $"{key}:From", entry.From);
            var until = Date(errors, $"{key}:Until", entry.Until);
            if (from is { } f && until is { } u && u <= f)
            {
                errors.Add($"{key}:Until: entry '{entry.Key}' must end after it starts");
            }
        }

        var periods = o.Catalogue
            .Where(c => c is not null && c.Kind == CatalogueKinds.SurprisePackage && ParseDate(c.From) is not null)
            .GroupBy(c => c.From, StringComparer.Ordinal);
        foreach (var period in periods)
        {
            var count = period.Count();
            if (count is < 2 or > 3)
            {
                errors.Add($"Catalogue: the surprise packages from {period.Key} number {count.ToString(CultureInfo.InvariantCulture)}; the studio runs at least two and at most three at a time");
            }
        }

        return errors;
    }

    internal static LocalTime? ParseTime(string? text) =>
        text is not null && LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(text) is { Success: true } r ? r.Value : null;

    internal static LocalDate? ParseDate(string? text) =>
        text is not null && LocalDatePattern.Iso.Parse(text) is { Success: true } r ? r.Value : null;

    private static void Range(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: {value} is outside {min} to {max}"));
        }
    }

    private static LocalTime? Time(List<string> errors, string key, string text)
    {
        var time = ParseTime(text);
        if (time is null)
        {
            errors.Add($"{key}: '{text}' is not a time of day HH:mm");
        }

        return time;
    }

    private static LocalDate? Date(List<string> errors, string key, string text)
    {
        var date = ParseDate(text);
        if (date is null)
        {
            errors.Add($"{key}: '{text}' is not a date yyyy-MM-dd");
        }

        return date;
    }
}
