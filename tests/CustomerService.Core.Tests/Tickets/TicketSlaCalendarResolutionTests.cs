using CustomerService.Core.Calendars;
using CustomerService.Core.Serialization;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Sla;
using CustomerService.Core.Tickets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Tickets;

/// <summary>Calendar resolution (issue 17, item 4): the case's own, the customer's, the organisation's, the team's calendar, then the policy's.</summary>
public sealed class TicketSlaCalendarResolutionTests
{
    private const string Shanghai = "Shanghai desk";
    private const string NewYork = "New York nights";
    private const string AroundTheClock = "Around the clock";

    private static readonly BusinessCalendar AllHours = SlaMetricCalendarTests.AllHours(DateTimeZone.Utc);

    private static readonly KeyValuePair<string, BusinessCalendar>[] Calendars =
        [new(Shanghai, SlaTestData.ShanghaiDesk), new(NewYork, SlaTestData.NewYorkNights), new(AroundTheClock, AllHours)];

    private static readonly string[] CalendarNames = [Shanghai, NewYork, AroundTheClock];

    /// <summary>Business-time targets on the Shanghai desk, so the calendar matters.</summary>
    private static readonly SlaPolicy Standard = SlaPolicy.CreateBuilder("Standard", SlaTestData.ShanghaiDesk, "v1")
        .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(8))
        .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(24))
        .PauseWhen(SlaWaitReason.PendingOnCustomer, SlaMetric.FirstResponse, SlaMetric.Resolution)
        .Build();

    /// <summary>First response counted 24×7 on its own calendar, resolution on the case's calendar.</summary>
    private static readonly SlaPolicy Split = SlaPolicy.CreateBuilder("Split", SlaTestData.ShanghaiDesk, "v1")
        .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(2))
        .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(24))
        .MetricCalendar(SlaMetric.FirstResponse, AllHours, "24x7")
        .Build();

    private static readonly string[] Links = ["case", "customer", "organisation", "team"];
    private static readonly string[] LinkFacts = ["CaseCalendar", "CustomerCalendar", "OrganisationCalendar", "Team"];

    /// <summary>The team link maps team names to calendars.</summary>
    private static readonly Dictionary<string, string> Teams = new() { ["support"] = Shanghai, ["billing"] = NewYork, ["night-watch"] = AroundTheClock };

    private static SlaCalendarSource[] Chain() =>
    [
        new(Links[0], LinkFacts[0]),
        new(Links[1], LinkFacts[1]),
        new(Links[2], LinkFacts[2]),
        new(Links[3], LinkFacts[3], Teams),
    ];

    private static SlaCatalog Catalog(SlaPolicy? policy = null) => new(Calendars, [policy ?? Standard], (policy ?? Standard).Name, calendarResolution: Chain());

    private static readonly Instant T0 = SlaTestData.Sh(2026, 3, 2, 9); // a Monday, 09:00 in Shanghai

    private static Ticket NewTicket(Instant at, params TicketFact[] facts) =>
        Ticket.Create(new TicketId("T-1"), ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, at) with { Facts = facts };

    /// <summary>The fact that makes link <paramref name="link"/> lead to calendar <paramref name="calendar"/>.</summary>
    private static TicketFact FactFor(int link, string calendar) =>
        new(LinkFacts[link], link == 3 ? Teams.Single(t => t.Value == calendar).Key : calendar);

    public static class Arbitraries
    {
        public static Arbitrary<(Instant Opened, int Link, string Calendar)> Choices() =>
            (from opened in SlaArbitraries.StartGen()
             from link in Gen.Choose(0, 3)
             from calendar in Gen.Elements(CalendarNames)
             select (opened, link, calendar)).ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public Property ChainWhoseOnlyNonEmptyLinkIsX_ChoosesX_AndTheClocksCountOnIt((Instant Opened, int Link, string Calendar) choice)
    {
        var (opened, link, calendar) = choice;
        var catalog = Catalog();
        var ticket = TicketSla.Open(NewTicket(opened, FactFor(link, calendar)), catalog).Ticket;
        var explanation = TicketSlaSelection.ExplainCalendar(catalog, ticket);

        var expected = Standard.WithCalendar(catalog.Calendars[calendar]);
        var record = ticket.Sla!.Find(SlaMetric.Resolution)!;
        var due = record.CreateClock(expected, SlaPriority.Normal).Evaluate(opened).DueAt;
        catalog.TryGetPolicy(ticket.Sla, out var running);
        return (ticket.Sla.Calendar == calendar && ticket.Sla.CalendarSource == Links[link]
                && explanation.Calendar == calendar && explanation.ChosenBy == Links[link]
                && explanation.Steps.Count == link + 1
                && explanation.Steps.Take(link).All(s => s.Outcome == SlaCalendarStepOutcome.Missing)
                && explanation.Steps[^1].Outcome == SlaCalendarStepOutcome.Chosen
                && ReferenceEquals(running!.Calendar, catalog.Calendars[calendar])
                && record.CreateClock(running, SlaPriority.Normal).Evaluate(opened).DueAt == due)
            .Label($"{ticket.Sla.Calendar} by {ticket.Sla.CalendarSource}: {explanation}");
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public Property ReResolvingToTheSameCalendar_ChangesNothing((Instant Opened, int Link, string Calendar) choice, int otherCalendar)
    {
        // The calendar comes from link k; the update sets a later link's fact (any calendar): link k still wins.
        var (opened, link, calendar) = choice;
        var later = Math.Min(link + 1, 3);
        var catalog = Catalog();
        var lifecycle = new TicketLifecycle(new TicketOptions());
        var created = TicketSla.Open(NewTicket(opened, FactFor(link, calendar)), catalog).Ticket;
        var open = lifecycle.Apply(created, new TicketCommand.Assign("a"), "a", opened);
        open = TicketSla.Transition(created, open, new TicketCommand.Assign("a"), catalog, opened).Ticket;
        var update = new TicketCommand.UpdateFacts
        {
            Facts = later == link ? [FactFor(link, calendar)] : [FactFor(link, calendar), FactFor(later, CalendarNames[(otherCalendar & int.MaxValue) % CalendarNames.Length])],
        };
        var now = opened + Duration.FromMinutes(1);

        var (after, crossings) = TicketSla.Transition(open, lifecycle.Apply(open, update, "a", now), update, catalog, now);

        return (after.Sla! with { CheckedAt = open.Sla!.CheckedAt } == open.Sla && crossings.Count == 0 && after.Sla.Reselections.Count == 0)
            .Label($"{open.Sla} -> {after.Sla}");
    }

    [Fact]
    public void UnknownCalendarOrUnmappedValue_FallsThroughToTheNextLink_AndTheExplanationSaysSo()
    {
        var catalog = Catalog();
        var ticket = NewTicket(T0, new TicketFact("CaseCalendar", "Atlantis"), new TicketFact("Team", "sales"));

        var explanation = TicketSlaSelection.ExplainCalendar(catalog, ticket);

        Assert.Null(explanation.Calendar);
        Assert.Equal(
            [SlaCalendarStepOutcome.UnknownCalendar, SlaCalendarStepOutcome.Missing, SlaCalendarStepOutcome.Missing, SlaCalendarStepOutcome.NotMapped],
            explanation.Steps.Select(s => s.Outcome));
        Assert.Equal("case: 'Atlantis' is not a calendar; customer: no value; organisation: no value; team: 'sales' is not mapped; the policy's calendar", explanation.ToString());
        var opened = TicketSla.Open(ticket, catalog).Ticket;
        Assert.Null(opened.Sla!.Calendar);
        Assert.Null(opened.Sla.CalendarSource);

        var withOrganisation = TicketSla.Open(ticket with { Facts = [.. ticket.Facts, new TicketFact("OrganisationCalendar", NewYork)] }, catalog).Ticket;
        Assert.Equal((NewYork, "organisation"), (withOrganisation.Sla!.Calendar, withOrganisation.Sla.CalendarSource));
    }

    [Fact]
    public void MappedTeamToAnUnknownCalendar_IsAStartUpError_NamingTheLinkAndValue()
    {
        SlaCalendarSource[] chain = [new("team", "Team", new Dictionary<string, string> { ["billing"] = "Berlin desk" })];

        var error = Assert.Throws<ArgumentException>(() => new SlaCatalog(Calendars, [Standard], "Standard", calendarResolution: chain));

        Assert.Equal("calendarResolution", error.ParamName);
        Assert.Contains("'billing'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Berlin desk'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadChains_ThrowNamingTheParameter()
    {
        Assert.Equal("calendarResolution", Assert.Throws<ArgumentException>(() => new SlaCatalog(Calendars, [Standard], calendarResolution: [new("a", "X"), new("a", "Y")])).ParamName);
        Assert.Equal("calendarResolution", Assert.Throws<ArgumentException>(() => new SlaCatalog(Calendars, [Standard], calendarResolution: [new("tier", "Tier")])).ParamName);
        Assert.Equal("calendarResolution", Assert.Throws<ArgumentNullException>(() => new SlaCatalog(Calendars, [Standard], calendarResolution: [null!])).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => new SlaCalendarSource(" ", "Team")).ParamName);
        Assert.Equal("fact", Assert.Throws<ArgumentNullException>(() => new SlaCalendarSource("team", null!)).ParamName);
        Assert.Equal("calendarsByValue", Assert.Throws<ArgumentException>(() => new SlaCalendarSource("team", "Team", [new("a", Shanghai), new("a", NewYork)])).ParamName);
        Assert.Equal("calendarsByValue", Assert.Throws<ArgumentException>(() => new SlaCalendarSource("team", "Team", [new("a", "")])).ParamName);
    }

    [Fact]
    public async Task CustomerCalendarChanges_ClocksAreRebuiltOnTheNewCalendar_AndTheChangeIsRecorded()
    {
        var clock = new FakeClock(T0);
        var catalog = Catalog();
        var service = new TicketService(new InMemoryStorage().GetStore<Ticket>(TicketService.EntityKind), new TicketLifecycle(new TicketOptions()), clock, catalog);
        var id = new TicketId("T-1");
        var opened = await service.OpenAsync(id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");
        Assert.Null(opened.Sla!.Calendar);
        clock.AdvanceHours(1);

        var ticket = await service.ExecuteAsync(id, new TicketCommand.UpdateFacts { Facts = [new("CustomerCalendar", NewYork)] }, "agent");

        Assert.Equal((NewYork, "customer"), (ticket.Sla!.Calendar, ticket.Sla.CalendarSource));
        var change = Assert.Single(ticket.Sla.Reselections);
        Assert.Equal(("Standard", "Standard", null, NewYork), (change.FromPolicy, change.ToPolicy, change.FromCalendar, change.ToCalendar));
        Assert.True(catalog.TryGetPolicy(ticket.Sla, out var policy));
        var expected = Standard.WithCalendar(SlaTestData.NewYorkNights);
        foreach (var record in ticket.Sla.Clocks)
        {
            var rebuilt = record.CreateClock(policy, SlaPriority.Normal);
            var want = record.CreateClock(expected, SlaPriority.Normal).Evaluate(clock.GetCurrentInstant());
            var got = rebuilt.Evaluate(clock.GetCurrentInstant());
            Assert.Equal((want.State, want.Elapsed, want.DueAt, want.NextChangeAt), (got.State, got.Elapsed, got.DueAt, got.NextChangeAt));
            Assert.Equal(expected.CalendarVersion, rebuilt.CalendarVersion);
            Assert.Equal(record.Events, opened.Sla.Find(record.Metric)!.Events);    // the events are the truth: only the calendar changed
        }

        // Back to the policy's calendar: the clocks are the ones never changed.
        clock.AdvanceHours(1);
        var back = await service.ExecuteAsync(id, new TicketCommand.UpdateFacts { Facts = [new("CustomerCalendar", "none")] }, "agent");
        Assert.Null(back.Sla!.Calendar);
        Assert.Equal((NewYork, null), (back.Sla.Reselections[^1].FromCalendar, back.Sla.Reselections[^1].ToCalendar));
        foreach (var record in back.Sla.Clocks)
        {
            Assert.Equal(
                record.CreateClock(Standard, SlaPriority.Normal).Evaluate(clock.GetCurrentInstant()).DueAt,
                opened.Sla.Find(record.Metric)!.CreateClock(Standard, SlaPriority.Normal).Evaluate(clock.GetCurrentInstant()).DueAt);
        }
    }

    [Fact]
    public void MetricsOwnCalendar_WinsOverTheResolvedCaseCalendar()
    {
        var catalog = Catalog(Split);

        var ticket = TicketSla.Open(NewTicket(T0, new TicketFact("CustomerCalendar", NewYork)), catalog).Ticket;

        Assert.True(catalog.TryGetPolicy(ticket.Sla!, out var policy));
        var first = ticket.Sla!.Find(SlaMetric.FirstResponse)!.CreateClock(policy, SlaPriority.Normal);
        var resolution = ticket.Sla.Find(SlaMetric.Resolution)!.CreateClock(policy, SlaPriority.Normal);
        Assert.Equal(T0 + Duration.FromHours(2), first.Evaluate(T0).DueAt);
        Assert.Equal("24x7", first.CalendarVersion);
        Assert.Equal(Split.WithCalendar(SlaTestData.NewYorkNights).CalendarVersion, resolution.CalendarVersion);
        Assert.Same(SlaTestData.NewYorkNights, policy.GetCalendar(SlaMetric.Resolution));
    }

    [Fact]
    public async Task UpdateFacts_ChainFact_IsAcceptedAsText_EmptyValueOrUnknownFactIsRejectedAndNothingSaved()
    {
        var store = new InMemoryStorage().GetStore<Ticket>(TicketService.EntityKind);
        var service = new TicketService(store, new TicketLifecycle(new TicketOptions()), new FakeClock(T0), Catalog());
        var id = new TicketId("T-1");
        await service.OpenAsync(id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");
        var before = await store.FindAsync(id.Value!);

        var empty = await Assert.ThrowsAsync<ArgumentException>(() => service.ExecuteAsync(id, new TicketCommand.UpdateFacts { Facts = [new("CustomerCalendar", " ")] }, "agent"));
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => service.ExecuteAsync(id, new TicketCommand.UpdateFacts { Facts = [new("Region", "North")] }, "agent"));

        Assert.Contains("CustomerCalendar", empty.Message, StringComparison.Ordinal);
        Assert.Contains("CustomerCalendar", unknown.Message, StringComparison.Ordinal);     // the message lists what is declared
        Assert.Equal(before, await store.FindAsync(id.Value!));
        var ticket = await service.ExecuteAsync(id, new TicketCommand.UpdateFacts { Facts = [new("CaseCalendar", "not a calendar")] }, "agent");
        Assert.Null(ticket.Sla!.Calendar);
    }

    [Fact]
    public void Serialize_ResolvedCalendar_RoundTrips_AndUnresolvedSetsWriteNoCalendar()
    {
        var catalog = Catalog();
        var plain = TicketSla.Open(NewTicket(T0), catalog).Ticket;
        var resolved = TicketSla.Open(NewTicket(T0, new TicketFact("Team", "billing")), catalog).Ticket;
        var lifecycle = new TicketLifecycle(new TicketOptions());
        var update = new TicketCommand.UpdateFacts { Facts = [new("Team", "support")] };
        var changed = TicketSla.Transition(resolved, lifecycle.Apply(resolved, update, "a", T0 + Duration.FromHours(1)), update, catalog, T0 + Duration.FromHours(1)).Ticket;

        var json = CustomerServiceJson.Serialize(plain);
        Assert.DoesNotContain("\"Calendar", json, StringComparison.Ordinal);
        Assert.DoesNotContain("CalendarSource", json, StringComparison.Ordinal);
        Assert.Equal(plain, CustomerServiceJson.Deserialize<Ticket>(json));
        Assert.Equal(changed, CustomerServiceJson.Deserialize<Ticket>(CustomerServiceJson.Serialize(changed)));
        Assert.Equal((NewYork, Shanghai), (changed.Sla!.Reselections[0].FromCalendar, changed.Sla.Reselections[0].ToCalendar));
    }

    [Fact]
    public void ChannelLink_MapsTheTicketsOwnChannel_AsInTheCalendarsPage()
    {
        var catalog = new SlaCatalog(Calendars, [Standard], "Standard", calendarResolution: [new("customer", "CustomerCalendar"), new("channel", "Channel", new Dictionary<string, string> { ["Phone"] = AroundTheClock })]);
        var phone = Ticket.Create(new TicketId("T-2"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, T0);
        var email = Ticket.Create(new TicketId("T-3"), ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, T0);

        Assert.Equal((AroundTheClock, "channel"), (TicketSla.Open(phone, catalog).Ticket.Sla!.Calendar, TicketSla.Open(phone, catalog).Ticket.Sla!.CalendarSource));
        Assert.Null(TicketSla.Open(email, catalog).Ticket.Sla!.Calendar);
        var customer = TicketSla.Open(phone with { Facts = [new("CustomerCalendar", NewYork)] }, catalog).Ticket;
        Assert.Equal((NewYork, "customer"), (customer.Sla!.Calendar, customer.Sla.CalendarSource));
    }

    [Fact]
    public void StoredCalendarGoneFromTheCatalog_LeavesTheClocksAsStored_UntilAFactChangeResolvesAgain()
    {
        var ticket = TicketSla.Open(NewTicket(T0, new TicketFact("CustomerCalendar", NewYork)), Catalog()).Ticket;
        var withoutNewYork = new SlaCatalog([Calendars[0], Calendars[2]], [Standard], "Standard", calendarResolution: [new("customer", "CustomerCalendar")]);

        Assert.False(withoutNewYork.TryGetPolicy(ticket.Sla!, out _));
        Assert.Null(TicketSla.Evaluate(ticket, withoutNewYork, T0 + Duration.FromDays(3)));

        var lifecycle = new TicketLifecycle(new TicketOptions());
        var update = new TicketCommand.UpdateFacts { Facts = [new("CustomerCalendar", AroundTheClock)] };
        var at = T0 + Duration.FromHours(1);
        var changed = TicketSla.Transition(ticket, lifecycle.Apply(ticket, update, "a", at), update, withoutNewYork, at).Ticket;

        Assert.Equal((AroundTheClock, "customer"), (changed.Sla!.Calendar, changed.Sla.CalendarSource));
        Assert.Equal((NewYork, AroundTheClock), (changed.Sla.Reselections[^1].FromCalendar, changed.Sla.Reselections[^1].ToCalendar));
        Assert.True(withoutNewYork.TryGetPolicy(changed.Sla, out var policy));
        Assert.Equal(T0 + Duration.FromHours(24), changed.Sla.Find(SlaMetric.Resolution)!.CreateClock(policy, SlaPriority.Normal).Evaluate(at).DueAt);
    }
}
