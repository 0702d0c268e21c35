using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Leads.Studio;

/// <summary>The studio's follow-up playbook: validated settings and the offer catalogue, immutable.</summary>
/// <remarks>Build it once from <see cref="StudioPlaybookOptions"/> (bound from configuration) or take <see cref="Default"/>.</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class StudioPlaybook
{
    private StudioPlaybook(StudioPlaybookOptions o, OfferCatalogue catalogue)
    {
        Name = o.Name;
        Channel = o.Channel;
        DepositThreshold = o.DepositThresholdPercent / 100m;
        DealMessageDelay = Duration.FromMinutes(o.DealMessageDelayMinutes);
        ApologyDelay = Duration.FromMinutes(o.ApologyDelayMinutes);
        AfternoonStart = StudioPlaybookOptionsValidator.ParseTime(o.AfternoonStart)!.Value;
        AfternoonEnd = StudioPlaybookOptionsValidator.ParseTime(o.AfternoonEnd)!.Value;
        SecondCallWindow = Duration.FromMinutes(o.SecondCallWindowMinutes);
        ReminderTime = StudioPlaybookOptionsValidator.ParseTime(o.ReminderTime)!.Value;
        ThanksDelay = Duration.FromMinutes(o.ThanksDelayMinutes);
        GreetingTime = StudioPlaybookOptionsValidator.ParseTime(o.GreetingTime)!.Value;
        SmallDiscountOffer = o.SmallDiscountOffer;
        TemplateKeys = new StudioTemplateOptions();
        CopyTemplates(o.Templates, TemplateKeys);
        Catalogue = catalogue;
    }

    /// <summary>Gets the studio playbook with every default and an empty catalogue.</summary>
    /// <value>The default playbook.</value>
    public static StudioPlaybook Default { get; } = Create(new StudioPlaybookOptions());

    /// <summary>Gets the playbook's name.</summary>
    /// <value>The name.</value>
    public string Name { get; }

    /// <summary>Gets the channel of every message.</summary>
    /// <value>The channel.</value>
    public OutreachChannel Channel { get; }

    /// <summary>Gets the deposit share from which a deposit gets the quality-and-service message.</summary>
    /// <value>A share between 0 and 1 (0.30 by default).</value>
    public decimal DepositThreshold { get; }

    /// <summary>Gets the delay of the deal messages after the customer leaves.</summary>
    /// <value>The delay.</value>
    public Duration DealMessageDelay { get; }

    /// <summary>Gets the delay of the apology after a no-deal customer leaves (at most 30 minutes).</summary>
    /// <value>The delay.</value>
    public Duration ApologyDelay { get; }

    /// <summary>Gets the start of the afternoon follow-up window.</summary>
    /// <value>The local time.</value>
    public LocalTime AfternoonStart { get; }

    /// <summary>Gets the end of the afternoon follow-up window.</summary>
    /// <value>The local time.</value>
    public LocalTime AfternoonEnd { get; }

    /// <summary>Gets the length of the second call's window, in open hours.</summary>
    /// <value>The length.</value>
    public Duration SecondCallWindow { get; }

    /// <summary>Gets the time of day of reminders, the day before an appointment.</summary>
    /// <value>The local time.</value>
    public LocalTime ReminderTime { get; }

    /// <summary>Gets the delay of the thanks after an appointment starts.</summary>
    /// <value>The delay.</value>
    public Duration ThanksDelay { get; }

    /// <summary>Gets the time of day of greetings.</summary>
    /// <value>The local time.</value>
    public LocalTime GreetingTime { get; }

    /// <summary>Gets the offer key of the small discount on the package discussed.</summary>
    /// <value>The key.</value>
    public string SmallDiscountOffer { get; }

    /// <summary>Gets a copy of the template keys (changing the copy has no effect on the playbook).</summary>
    /// <value>A new copy on each call.</value>
    public StudioTemplateOptions Templates
    {
        get
        {
            var copy = new StudioTemplateOptions();
            CopyTemplates(TemplateKeys, copy);
            return copy;
        }
    }

    internal StudioTemplateOptions TemplateKeys { get; }

    /// <summary>Gets the offer and template catalogue.</summary>
    /// <value>The catalogue.</value>
    public OfferCatalogue Catalogue { get; }

    /// <summary>Gets the festival phone greeting (节日接听电话语) the desk answers incoming calls with on a date: the catalogue's phone greeting effective that day (rotated with the surprise packages), else the playbook's.</summary>
    /// <param name="date">The local date of the call (a date of another calendar system is read as its ISO date).</param>
    /// <returns>The script's key.</returns>
    public string PhoneGreetingOn(LocalDate date)
    {
        var keys = Catalogue.EffectiveOn(CatalogueKinds.PhoneGreeting, date, reachedByCallback: true);
        return keys.Count > 0 ? keys[0] : TemplateKeys.PhoneGreeting;
    }

    /// <summary>Validates options and builds the playbook, with the options' catalogue entries.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The playbook.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the options are invalid; the message lists every error with its key.</exception>
    public static StudioPlaybook Create(StudioPlaybookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = StudioPlaybookOptionsValidator.Collect(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid studio playbook options: " + string.Join("; ", errors), nameof(options));
        }

        var builder = OfferCatalogue.CreateBuilder();
        foreach (var e in options.Catalogue)
        {
            builder.Add(e.Key, e.Kind, StudioPlaybookOptionsValidator.ParseDate(e.From)!.Value, StudioPlaybookOptionsValidator.ParseDate(e.Until)!.Value, e.CallbackCustomersOnly);
        }

        return new StudioPlaybook(options, builder.Build());
    }

    /// <summary>Returns a copy of this playbook with another catalogue (for catalogues built in code, such as rotations).</summary>
    /// <param name="catalogue">The catalogue.</param>
    /// <returns>The new playbook.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="catalogue"/> is <see langword="null"/>.</exception>
    public StudioPlaybook WithCatalogue(OfferCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var options = new StudioPlaybookOptions
        {
            Name = Name, Channel = Channel, DepositThresholdPercent = (int)(DepositThreshold * 100),
            DealMessageDelayMinutes = (int)DealMessageDelay.TotalMinutes, ApologyDelayMinutes = (int)ApologyDelay.TotalMinutes,
            AfternoonStart = Format(AfternoonStart), AfternoonEnd = Format(AfternoonEnd), SecondCallWindowMinutes = (int)SecondCallWindow.TotalMinutes,
            ReminderTime = Format(ReminderTime), ThanksDelayMinutes = (int)ThanksDelay.TotalMinutes, GreetingTime = Format(GreetingTime),
            SmallDiscountOffer = SmallDiscountOffer,
        };
        CopyTemplates(TemplateKeys, options.Templates);
        return new StudioPlaybook(options, catalogue);
    }

    private static string Format(LocalTime time) => LocalTimePattern.CreateWithInvariantCulture("HH:mm").Format(time);

    private static void CopyTemplates(StudioTemplateOptions from, StudioTemplateOptions to)
    {
        foreach (var property in typeof(StudioTemplateOptions).GetProperties())
        {
            property.SetValue(to, property.GetValue(from));
        }
    }
}
