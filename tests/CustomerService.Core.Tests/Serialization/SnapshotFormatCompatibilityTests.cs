using System.Text;
using System.Text.Json;
using CustomerService.Core.Serialization;
using CustomerService.Core.Tickets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Tests.Serialization;

/// <summary>
/// The stored format does not change with the serializer's fast paths: documents written by the library before them
/// read and write back byte for byte, and instants are written and read exactly as <see cref="InstantPattern.ExtendedIso"/>
/// writes and reads them, over NodaTime's whole range.
/// </summary>
public sealed class SnapshotFormatCompatibilityTests
{
    /// <summary>A ticket snapshot with SLA clocks as the library wrote it before the UTF-8 fast paths (the SQLite and PostgreSQL benchmarks' ticket).</summary>
    internal const string OldTicketSnapshot = """
        {"schemaVersion":1,"data":{"Id":"T-000042","Channel":"Email","Category":"TechnicalSupport","Priority":"High","CreatedAt":"2026-03-02T01:20:00Z","UpdatedAt":"2026-03-02T02:00:00Z","State":"Open","Version":2,"History":[],"AssigneeId":"agent-7","Tier":1,"Hold":null,"FirstRespondedAt":"2026-03-02T02:00:00Z","LastAgentReplyAt":"2026-03-02T02:00:00Z","LastCustomerReplyAt":null,"SolvedAt":null,"ResolutionCode":null,"SolvedOnFirstContact":false,"ReopenCount":0,"ClosedAt":null,"MergedInto":null,"CancelReason":null,"Sla":{"PolicyName":"Standard","Priority":"High","Clocks":[{"ClockId":"T-000042:FirstResponse","Metric":"FirstResponse","Events":[{"Kind":"Started","At":"2026-03-02T01:20:00Z","Reason":"None"},{"Kind":"Met","At":"2026-03-02T02:00:00Z","Reason":"None"}],"NextChangeAt":null},{"ClockId":"T-000042:Resolution","Metric":"Resolution","Events":[{"Kind":"Started","At":"2026-03-02T01:20:00Z","Reason":"None"}],"NextChangeAt":"2026-03-03T06:20:00Z"},{"ClockId":"T-000042:PeriodicUpdate","Metric":"PeriodicUpdate","Events":[{"Kind":"Started","At":"2026-03-02T01:20:00Z","Reason":"None"},{"Kind":"Reset","At":"2026-03-02T02:00:00Z","Reason":"None"}],"NextChangeAt":"2026-03-02T14:00:00Z"}],"CheckedAt":"2026-03-02T02:00:00Z","NextChangeAt":"2026-03-02T14:00:00Z"}}}
        """;

    /// <summary>The transitioned event of the same ticket as the outbox stored it before the fast paths.</summary>
    internal const string OldTransitionedEvent = """
        {"schemaVersion":1,"data":{"$type":"TicketTransitioned","Ticket":{"Id":"T-000042","Channel":"Email","Category":"TechnicalSupport","Priority":"High","CreatedAt":"2026-03-02T01:20:00Z","UpdatedAt":"2026-03-02T02:00:00Z","State":"Open","Version":2,"History":[],"AssigneeId":"agent-7","Tier":1,"Hold":null,"FirstRespondedAt":"2026-03-02T02:00:00Z","LastAgentReplyAt":"2026-03-02T02:00:00Z","LastCustomerReplyAt":null,"SolvedAt":null,"ResolutionCode":null,"SolvedOnFirstContact":false,"ReopenCount":0,"ClosedAt":null,"MergedInto":null,"CancelReason":null,"Sla":{"PolicyName":"Standard","Priority":"High","Clocks":[{"ClockId":"T-000042:FirstResponse","Metric":"FirstResponse","Events":[{"Kind":"Started","At":"2026-03-02T01:20:00Z","Reason":"None"},{"Kind":"Met","At":"2026-03-02T02:00:00Z","Reason":"None"}],"NextChangeAt":null},{"ClockId":"T-000042:Resolution","Metric":"Resolution","Events":[{"Kind":"Started","At":"2026-03-02T01:20:00Z","Reason":"None"}],"NextChangeAt":"2026-03-03T06:20:00Z"},{"ClockId":"T-000042:PeriodicUpdate","Metric":"PeriodicUpdate","Events":[{"Kind":"Started","At":"2026-03-02T01:20:00Z","Reason":"None"},{"Kind":"Reset","At":"2026-03-02T02:00:00Z","Reason":"None"}],"NextChangeAt":"2026-03-02T14:00:00Z"}],"CheckedAt":"2026-03-02T02:00:00Z","NextChangeAt":"2026-03-02T14:00:00Z"}},"Transition":{"Actor":"agent-7","At":"2026-03-02T02:00:00Z","From":"Open","To":"Open","Trigger":"AgentReply","Reason":null,"RequestedAt":null},"OccurredAt":"2026-03-02T02:00:00Z","Actor":"agent-7","Id":"Ticket/T-000042/3/0"}}
        """;

    /// <summary>One history entry as stored before the fast paths.</summary>
    internal const string OldHistoryEntry = """
        {"schemaVersion":1,"data":{"Actor":"agent-7","At":"2026-03-02T02:00:00Z","From":"Open","To":"Open","Trigger":"AgentReply","Reason":null,"RequestedAt":null}}
        """;

    [Fact]
    public void OldTicketSnapshot_Reads_AndWritesBackByteForByte()
    {
        var ticket = CustomerServiceJson.Deserialize<Ticket>(OldTicketSnapshot);

        Assert.Equal(new TicketId("T-000042"), ticket.Id);
        Assert.Equal(Instant.FromUtc(2026, 3, 2, 1, 20), ticket.CreatedAt);
        Assert.Equal(3, ticket.Sla!.Clocks.Count);
        Assert.Equal(Instant.FromUtc(2026, 3, 3, 6, 20), ticket.Sla.Clocks[1].NextChangeAt);
        Assert.Equal(OldTicketSnapshot, CustomerServiceJson.Serialize(ticket));
    }

    [Fact]
    public void OldTransitionedEvent_Reads_AndWritesBackByteForByte()
    {
        var domainEvent = Assert.IsType<TicketTransitioned>(CustomerServiceJson.Deserialize<CustomerServiceEvent>(OldTransitionedEvent));

        Assert.Equal("Ticket/T-000042/3/0", domainEvent.Id);
        Assert.Equal(CustomerServiceJson.Deserialize<Ticket>(OldTicketSnapshot), domainEvent.Ticket);
        Assert.Equal(OldTransitionedEvent, CustomerServiceJson.Serialize<CustomerServiceEvent>(domainEvent));
    }

    [Fact]
    public void OldHistoryEntry_Reads_AndWritesBackByteForByte()
    {
        var entry = CustomerServiceJson.Deserialize<TransitionRecord<TicketState, TicketTrigger>>(OldHistoryEntry);

        Assert.Equal(TicketTrigger.AgentReply, entry.Trigger);
        Assert.Equal(Instant.FromUtc(2026, 3, 2, 2, 0), entry.At);
        Assert.Equal(OldHistoryEntry, CustomerServiceJson.Serialize(entry));
    }

    [Fact]
    public void Serialize_ManyPayloadsOnOneThread_ReusesNothingVisible()
    {
        // The writer and buffer are reused per thread: a large payload after a small one and a small one after a large
        // one must come out whole, with nothing left over from the call before.
        var small = CustomerServiceJson.Deserialize<TransitionRecord<TicketState, TicketTrigger>>(OldHistoryEntry);
        var large = CustomerServiceJson.Deserialize<Ticket>(OldTicketSnapshot) with { ResolutionCode = new string('x', 100_000) };

        Assert.Equal(OldHistoryEntry, CustomerServiceJson.Serialize(small));
        var largeJson = CustomerServiceJson.Serialize(large);
        Assert.Equal(OldHistoryEntry, CustomerServiceJson.Serialize(small));
        Assert.Equal(large, CustomerServiceJson.Deserialize<Ticket>(largeJson));
        Assert.Equal(OldTicketSnapshot, CustomerServiceJson.Serialize(CustomerServiceJson.Deserialize<Ticket>(OldTicketSnapshot)));
    }

    [Property(Arbitrary = [typeof(InstantArbitraries)], MaxTest = 2000)]
    public bool Instant_AnyInNodaTimesRange_IsWrittenAsTheExtendedIsoPatternAndReadBack(Instant instant)
    {
        var json = Write(instant);
        var expected = "\"" + InstantPattern.ExtendedIso.Format(instant) + "\"";
        return json == expected && Read(json) == instant;
    }

    [Property(Arbitrary = [typeof(InstantArbitraries)], MaxTest = 2000)]
    public bool Instant_AnyTextOfThePatternsShape_ReadsAsThePatternReadsIt(InstantText text)
    {
        var pattern = InstantPattern.ExtendedIso.Parse(text.Value);
        try
        {
            var read = Read("\"" + text.Value + "\"");
            return pattern.Success && read == pattern.Value;
        }
        catch (JsonException)
        {
            return !pattern.Success;
        }
    }

    [Theory]
    [InlineData("2026-02-29T00:00:00Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-03-02T01:00:00.Z")]
    [InlineData("2026-03-02T01:00:00.1234567891Z")]
    [InlineData("2026-03-02T01:00:60Z")]
    [InlineData("2026-03-02 01:00:00Z")]
    [InlineData("2026-03-02T01:00:00")]
    [InlineData("2026-03-02T01:00:00+08:00")]
    [InlineData("")]
    public void Instant_TextThePatternRefuses_ThrowsJsonException(string text)
    {
        Assert.False(InstantPattern.ExtendedIso.Parse(text).Success);
        Assert.Throws<JsonException>(() => Read("\"" + text + "\""));
    }

    [Fact]
    public void Instant_EscapedText_ReadsThroughThePattern() =>
        Assert.Equal(Instant.FromUtc(2026, 3, 2, 1, 0), Read("\"2026-03-02T01:00:00\\u005A\""));

    [Fact]
    public void Instant_CommaBeforeTheFraction_ReadsAsThePatternReadsIt() =>
        Assert.Equal(InstantPattern.ExtendedIso.Parse("2026-03-02T01:00:00,5Z").Value, Read("\"2026-03-02T01:00:00,5Z\""));

    private static string Write(Instant instant)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            new InstantJsonConverter().Write(writer, instant, CustomerServiceJson.Options);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static Instant Read(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return new InstantJsonConverter().Read(ref reader, typeof(Instant), CustomerServiceJson.Options);
    }
}

/// <summary>A text shaped like an extended ISO instant, with fields that may be out of range and a fraction of any length.</summary>
public sealed record InstantText(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Instants over NodaTime's whole range (most of them in 1900–2200), and instant-shaped texts.</summary>
public static class InstantArbitraries
{
    private static readonly int MinDay = (int)(Instant.MinValue.ToUnixTimeTicks() / NodaConstants.TicksPerDay);
    private static readonly int MaxDay = (int)(Instant.MaxValue.ToUnixTimeTicks() / NodaConstants.TicksPerDay);
    private static readonly int Day1900 = (int)(Instant.FromUtc(1900, 1, 1, 0, 0).ToUnixTimeTicks() / NodaConstants.TicksPerDay);
    private static readonly int Day2200 = (int)(Instant.FromUtc(2200, 1, 1, 0, 0).ToUnixTimeTicks() / NodaConstants.TicksPerDay);

    public static Arbitrary<Instant> Instants() =>
        (from day in Gen.Frequency((6, Gen.Choose(Day1900, Day2200)), (3, Gen.Choose(MinDay, MaxDay)), (1, Gen.Elements(MinDay, MaxDay, 0, -1, -719162, 2932896)))
         from second in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(0, 86399)))
         from nanosecond in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(0, 999).Select(ms => ms * 1_000_000)), (3, Gen.Choose(0, 999_999_999)))
         let instant = Instant.FromUnixTimeTicks(0) + Duration.FromDays(day) + Duration.FromSeconds(second) + Duration.FromNanoseconds(nanosecond)
         select instant < Instant.MinValue ? Instant.MinValue : instant > Instant.MaxValue ? Instant.MaxValue : instant).ToArbitrary();

    public static Arbitrary<InstantText> Texts() =>
        (from year in Gen.Frequency((5, Gen.Choose(1900, 2200)), (2, Gen.Choose(0, 9999)))
         from month in Gen.Choose(0, 13)
         from day in Gen.Choose(0, 32)
         from hour in Gen.Choose(0, 25)
         from minute in Gen.Choose(0, 60)
         from second in Gen.Choose(0, 60)
         from separator in Gen.Elements(".", ",")
         from fraction in Gen.Frequency((3, Gen.Constant(string.Empty)), (5, Gen.Choose(1, 10).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 9), n).Select(d => string.Concat(d)))))
         select new InstantText(string.Create(
             System.Globalization.CultureInfo.InvariantCulture,
             $"{year:D4}-{month:D2}-{day:D2}T{hour:D2}:{minute:D2}:{second:D2}{(fraction.Length == 0 ? string.Empty : separator + fraction)}Z"))).ToArbitrary();
}
