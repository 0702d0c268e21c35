using NodaTime;

namespace CustomerService.Core.Leads.Studio;

/// <summary>The kinds of catalogue entry the studio playbook looks up.</summary>
/// <threadsafety>This type holds constants only.</threadsafety>
public static class CatalogueKinds
{
    /// <summary>A surprise package (惊喜套系), offered on the second follow-up call; rotated every two months.</summary>
    public const string SurprisePackage = "surprise-package";

    /// <summary>A birthday greeting template; rotated every three months.</summary>
    public const string BirthdayGreeting = "birthday-greeting";

    /// <summary>A wedding-anniversary greeting template; rotated every three months.</summary>
    public const string AnniversaryGreeting = "anniversary-greeting";

    /// <summary>A festival greeting template; rotated every three months.</summary>
    public const string FestivalGreeting = "festival-greeting";

    /// <summary>A festival phone greeting (节日接听电话语): the script the desk answers incoming calls with, rotated with the surprise packages every two months.</summary>
    public const string PhoneGreeting = "phone-greeting";

    /// <summary>Gets the kind of the rotated templates of one message purpose: <c>template.</c> followed by the purpose's name (<c>template.Apology</c>).</summary>
    /// <param name="purpose">The message's purpose.</param>
    /// <returns>The kind.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="purpose"/> is not defined.</exception>
    public static string MessageTemplate(OutreachPurpose purpose) =>
        Enum.IsDefined(purpose) ? "template." + purpose.ToString() : throw new ArgumentOutOfRangeException(nameof(purpose), $"Outreach purpose {(int)purpose} is not defined.");
}

/// <summary>One two-month period of the surprise-package rotation: its packages and the festival phone greeting that goes with them.</summary>
/// <param name="Packages">The period's surprise packages: at least two, at most three (最少二种, 最多三种).</param>
/// <param name="PhoneGreeting">The key of the period's festival phone greeting (节日接听电话语).</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record SurprisePeriod(IReadOnlyList<string> Packages, string PhoneGreeting);

/// <summary>One offer or template with the local dates it is effective on, <c>[From, Until)</c>.</summary>
/// <param name="Key">The offer's or template's key.</param>
/// <param name="Kind">Its kind (see <see cref="CatalogueKinds"/>).</param>
/// <param name="From">The first date it is effective.</param>
/// <param name="Until">The first date it is no longer effective.</param>
/// <param name="CallbackCustomersOnly">Whether only customers reached by a follow-up call may have it (surprise packages: 只有经过客服电访的顾客可享用).</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record CatalogueEntry(string Key, string Kind, LocalDate From, LocalDate Until, bool CallbackCustomersOnly);

/// <summary>Offers and message templates with effective periods and eligibility, looked up by kind and date.</summary>
/// <remarks>
/// Several entries of one kind may be effective at once (the studio runs two or three surprise packages per period).
/// <see cref="Builder.AddRotation"/> lays consecutive periods of whole months from a start date, so "every two months
/// from 1 January" gives January–February, March–April, and so on; a period starting on the 31st ends on the same day
/// number of the target month, clamped (NodaTime month arithmetic).
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe; its builder is not thread-safe and is single-use.</threadsafety>
public sealed class OfferCatalogue
{
    /// <summary>How many months each template rotation period lasts (信息每隔三个月更换一次): 3.</summary>
    public const int TemplateRotationMonths = 3;

    /// <summary>How many months each surprise-package period lasts (每两个月更换一次惊喜套系): 2.</summary>
    public const int SurprisePackageRotationMonths = 2;

    private readonly CatalogueEntry[] _entries;

    private OfferCatalogue(CatalogueEntry[] entries) => _entries = entries;

    /// <summary>Gets an empty catalogue: no surprise packages, default templates only.</summary>
    /// <value>The empty catalogue.</value>
    public static OfferCatalogue Empty { get; } = new([]);

    /// <summary>Gets every entry, in the order added.</summary>
    /// <value>The entries.</value>
    public IReadOnlyList<CatalogueEntry> Entries => _entries;

    /// <summary>Creates a builder.</summary>
    /// <returns>A single-use builder.</returns>
    public static Builder CreateBuilder() => new();

    /// <summary>Finds the entries of a kind effective on a date that a customer is eligible for.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="date">The local date the offer or message is used on (a date of another calendar system is compared as its ISO date).</param>
    /// <param name="reachedByCallback">Whether the customer has been reached by a follow-up call.</param>
    /// <returns>The keys, in the order added.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="kind"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<string> EffectiveOn(string kind, LocalDate date, bool reachedByCallback)
    {
        ArgumentNullException.ThrowIfNull(kind);
        date = Iso(date);
        List<string>? keys = null;
        foreach (var e in _entries)
        {
            if (string.Equals(e.Kind, kind, StringComparison.Ordinal) && e.From <= date && date < e.Until && (reachedByCallback || !e.CallbackCustomersOnly))
            {
                (keys ??= []).Add(e.Key);
            }
        }

        return keys is null ? [] : keys.ToArray();
    }

    private static LocalDate Iso(LocalDate date) => date.Calendar == CalendarSystem.Iso ? date : date.WithCalendar(CalendarSystem.Iso);

    /// <summary>Builds an <see cref="OfferCatalogue"/>.</summary>
    /// <threadsafety>This type is not thread-safe; use one builder per catalogue, once.</threadsafety>
    public sealed class Builder
    {
        private readonly List<CatalogueEntry> _entries = [];
        private bool _built;

        internal Builder()
        {
        }

        /// <summary>Adds one entry effective on <c>[from, until)</c>.</summary>
        /// <param name="key">The offer's or template's key.</param>
        /// <param name="kind">Its kind.</param>
        /// <param name="from">The first date it is effective (a date of another calendar system is stored as its ISO date).</param>
        /// <param name="until">The first date it is no longer effective; after <paramref name="from"/>.</param>
        /// <param name="callbackCustomersOnly">Whether only customers reached by a follow-up call may have it.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentNullException">Thrown when <paramref name="key"/> or <paramref name="kind"/> is <see langword="null"/>.</exception>
        /// <exception cref="ArgumentException">Thrown when a key or kind is empty, or <paramref name="until"/> is not after <paramref name="from"/>.</exception>
        /// <exception cref="InvalidOperationException">Thrown when the builder has already built.</exception>
        public Builder Add(string key, string kind, LocalDate from, LocalDate until, bool callbackCustomersOnly = false)
        {
            ThrowIfBuilt();
            ArgumentException.ThrowIfNullOrWhiteSpace(key);
            ArgumentException.ThrowIfNullOrWhiteSpace(kind);
            from = Iso(from);
            until = Iso(until);
            if (until <= from)
            {
                throw new ArgumentException($"Catalogue entry '{key}' ({kind}) must end after it starts.", nameof(until));
            }

            _entries.Add(new CatalogueEntry(key, kind, from, until, callbackCustomersOnly));
            return this;
        }

        /// <summary>Adds a rotation: period <c>i</c> holds the keys <paramref name="periods"/>[i] and runs from <c>start + i·months</c> to <c>start + (i+1)·months</c>.</summary>
        /// <remarks>All or nothing: the rotation is checked whole before any entry is added, so a rejected call leaves the builder as it was.</remarks>
        /// <param name="kind">The entries' kind.</param>
        /// <param name="start">The first period's first date (a date of another calendar system is taken as its ISO date).</param>
        /// <param name="months">Each period's length in months (2 for surprise packages, 3 for greeting templates).</param>
        /// <param name="callbackCustomersOnly">Whether only customers reached by a follow-up call may have them.</param>
        /// <param name="periods">The keys of each period, in order; each period needs at least one non-empty key.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentNullException">Thrown when <paramref name="kind"/> or <paramref name="periods"/> is <see langword="null"/>.</exception>
        /// <exception cref="ArgumentException">Thrown when <paramref name="kind"/> is empty, or <paramref name="periods"/> is empty or holds a missing or empty period or key.</exception>
        /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="months"/> is not positive, or the last period would end after 9999-12-31 (the last date NodaTime holds).</exception>
        /// <exception cref="InvalidOperationException">Thrown when the builder has already built.</exception>
        public Builder AddRotation(string kind, LocalDate start, int months, bool callbackCustomersOnly, params string[][] periods)
        {
            ThrowIfBuilt();
            ArgumentException.ThrowIfNullOrWhiteSpace(kind);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(months);
            ArgumentNullException.ThrowIfNull(periods);
            if (periods.Length == 0 || periods.Any(p => p is null || p.Length == 0 || p.Any(string.IsNullOrWhiteSpace)))
            {
                throw new ArgumentException($"A {kind} rotation needs at least one period, each with at least one non-empty key.", nameof(periods));
            }

            // Month arithmetic in 64 bits first: start + periods × months must stay within NodaTime's dates (a period ends on
            // its 'until' date, which must exist), and i × months must not wrap around in 32 bits.
            start = Iso(start);
            var lastMonth = ((long)LocalDate.MaxIsoValue.Year * 12) + LocalDate.MaxIsoValue.Month - 1;
            var startMonth = ((long)start.Year * 12) + start.Month - 1;
            if (startMonth + ((long)periods.Length * months) > lastMonth)
            {
                throw new ArgumentOutOfRangeException(nameof(months), $"A {kind} rotation of {periods.Length} periods of {months} months would end after 9999-12-31, the last date NodaTime holds.");
            }

            var entries = new List<CatalogueEntry>();
            for (var i = 0; i < periods.Length; i++)
            {
                var from = start.PlusMonths(i * months);
                var until = start.PlusMonths((i + 1) * months);
                entries.AddRange(periods[i].Select(key => new CatalogueEntry(key, kind, from, until, callbackCustomersOnly)));
            }

            _entries.AddRange(entries);
            return this;
        }

        /// <summary>Adds a three-month rotation of the templates of one message purpose (信息每隔三个月更换一次): period <c>i</c> runs from <c>start + 3i</c> months to <c>start + 3(i+1)</c> months.</summary>
        /// <remarks>All or nothing, like <see cref="AddRotation"/>. The planner picks the first key effective on the message's date, else the playbook's template.</remarks>
        /// <param name="purpose">The messages' purpose (thanks, quality, apology, reminders, greetings, weekly care).</param>
        /// <param name="start">The first period's first date.</param>
        /// <param name="periods">The template keys of each period, in order.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentNullException">Thrown when <paramref name="periods"/> is <see langword="null"/>.</exception>
        /// <exception cref="ArgumentException">Thrown when <paramref name="periods"/> is empty or holds a missing or empty period or key.</exception>
        /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="purpose"/> is not defined, or the last period would end after 9999-12-31.</exception>
        /// <exception cref="InvalidOperationException">Thrown when the builder has already built.</exception>
        public Builder AddTemplateRotation(OutreachPurpose purpose, LocalDate start, params string[][] periods) =>
            AddRotation(CatalogueKinds.MessageTemplate(purpose), start, TemplateRotationMonths, false, periods);

        /// <summary>Adds the two-month rotation of the surprise packages (每两个月更换一次惊喜套系), each period with its festival phone greeting (节日接听电话语).</summary>
        /// <remarks>The packages are for customers reached by a follow-up call only (只有经过客服电访的顾客可享用); the phone greeting is effective over the same dates. All or nothing.</remarks>
        /// <param name="start">The first period's first date.</param>
        /// <param name="periods">The periods, in order.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentNullException">Thrown when <paramref name="periods"/> is <see langword="null"/>.</exception>
        /// <exception cref="ArgumentException">Thrown when <paramref name="periods"/> is empty, or a period is missing, has fewer than two or more than three packages, an empty package key or an empty phone greeting.</exception>
        /// <exception cref="ArgumentOutOfRangeException">Thrown when the last period would end after 9999-12-31.</exception>
        /// <exception cref="InvalidOperationException">Thrown when the builder has already built.</exception>
        public Builder AddSurprisePackageRotation(LocalDate start, params SurprisePeriod[] periods)
        {
            ThrowIfBuilt();
            ArgumentNullException.ThrowIfNull(periods);
            if (periods.Length == 0 || periods.Any(p => p?.Packages is null || p.Packages.Count is < 2 or > 3 || p.Packages.Any(string.IsNullOrWhiteSpace) || string.IsNullOrWhiteSpace(p.PhoneGreeting)))
            {
                throw new ArgumentException("A surprise-package rotation needs at least one period, each with two or three non-empty packages (最少二种, 最多三种) and a phone greeting.", nameof(periods));
            }

            var packages = periods.Select(p => p.Packages.ToArray()).ToArray();
            var greetings = periods.Select(p => new[] { p.PhoneGreeting }).ToArray();
            var count = _entries.Count;
            AddRotation(CatalogueKinds.SurprisePackage, start, SurprisePackageRotationMonths, true, packages);
            try
            {
                return AddRotation(CatalogueKinds.PhoneGreeting, start, SurprisePackageRotationMonths, false, greetings);
            }
            catch
            {
                _entries.RemoveRange(count, _entries.Count - count);
                throw;
            }
        }

        /// <summary>Builds the catalogue; the builder cannot be used afterwards.</summary>
        /// <returns>The catalogue.</returns>
        /// <exception cref="InvalidOperationException">Thrown when the builder has already built.</exception>
        public OfferCatalogue Build()
        {
            ThrowIfBuilt();
            _built = true;
            return new OfferCatalogue(_entries.ToArray());
        }

        private void ThrowIfBuilt()
        {
            if (_built)
            {
                throw new InvalidOperationException("Cannot change the catalogue: this builder has already built it.");
            }
        }
    }
}
