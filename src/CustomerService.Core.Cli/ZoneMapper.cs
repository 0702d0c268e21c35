using NodaTime;

namespace CustomerService.Core.Cli;

/// <summary>
/// Maps local date-times of one zone to instants and back, in nanoseconds since the Unix epoch, with a one-entry cache of
/// the zone interval last used: the common case (every row in the same offset period) costs two comparisons. Local
/// times skipped by a forward change move forward by the gap, repeated ones take the earlier instant — NodaTime's
/// <c>InZoneLeniently</c>, which answers every cache miss.
/// </summary>
/// <remarks>Thread safety: not thread-safe (the cache is mutable); each worker owns one.</remarks>
internal sealed class ZoneMapper
{
    private readonly DateTimeZone _zone;

    // Local range [start, end) mapped with one offset and no ambiguity or gap.
    private long _localStart = 1;
    private long _localEnd;
    private long _localOffset;

    // Instant range [start, end) that has one offset.
    private long _instantStart = 1;
    private long _instantEnd;
    private long _instantOffset;

    public ZoneMapper(DateTimeZone zone) => _zone = zone;

    public DateTimeZone Zone => _zone;

    /// <summary>Returns the instant (UTC nanoseconds) of a local date-time (local nanoseconds).</summary>
    public long ToInstant(long local)
    {
        if (local >= _localStart && local < _localEnd)
        {
            return local - _localOffset;
        }

        return Miss(local);
    }

    /// <summary>Returns the zone's offset (nanoseconds) at an instant.</summary>
    public long OffsetAt(long instant)
    {
        if (instant >= _instantStart && instant < _instantEnd)
        {
            return _instantOffset;
        }

        var interval = _zone.GetZoneInterval(ToNoda(instant));
        _instantOffset = interval.WallOffset.Nanoseconds;
        _instantStart = interval.HasStart ? ClampNanoseconds(interval.Start) : long.MinValue;
        _instantEnd = interval.HasEnd ? ClampNanoseconds(interval.End) : long.MaxValue;
        return _instantOffset;
    }

    public static Instant ToNoda(long nanoseconds) => NodaConstants.UnixEpoch + Duration.FromNanoseconds(nanoseconds);

    public static long FromNoda(Instant instant) => (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds();

    /// <summary>The local date-time of local nanoseconds since 1970-01-01T00:00.</summary>
    public static LocalDateTime ToLocalDateTime(long local)
    {
        var days = IsoText.FloorDiv(local, IsoText.NanosecondsPerDay, out var timeOfDay);
        IsoText.CivilFromDays(days, out var year, out var month, out var day);
        return new LocalDate(year, month, day).At(LocalTime.FromNanosecondsSinceMidnight(timeOfDay));
    }

    private static long ClampNanoseconds(Instant instant)
    {
        // Nanoseconds since the epoch fit a long between 1677 and 2262; further bounds only need to be "far".
        var ticks = instant.ToUnixTimeTicks();
        if (ticks > long.MaxValue / 100)
        {
            return long.MaxValue;
        }

        return ticks < long.MinValue / 100 ? long.MinValue : FromNoda(instant);
    }

    private long Miss(long local)
    {
        var zoned = ToLocalDateTime(local).InZoneLeniently(_zone);
        var interval = zoned.GetZoneInterval();
        var offset = interval.WallOffset.Nanoseconds;
        var start = long.MinValue;
        var end = long.MaxValue;
        if (interval.HasStart)
        {
            var s = ClampNanoseconds(interval.Start);
            var previous = _zone.GetZoneInterval(interval.Start - Duration.Epsilon).WallOffset.Nanoseconds;
            if (s != long.MinValue)
            {
                start = s + Math.Max(offset, previous);
            }
        }

        if (interval.HasEnd)
        {
            var e = ClampNanoseconds(interval.End);
            var next = _zone.GetZoneInterval(interval.End).WallOffset.Nanoseconds;
            if (e != long.MaxValue)
            {
                end = e + Math.Min(offset, next);
            }
        }

        var result = FromNoda(zoned.ToInstant());
        if (local >= start && local < end)
        {
            _localStart = start;
            _localEnd = end;
            _localOffset = offset;
        }

        return result;
    }
}
