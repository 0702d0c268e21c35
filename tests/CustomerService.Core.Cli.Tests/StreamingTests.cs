using System.Globalization;
using System.Text;

namespace CustomerService.Core.Cli.Tests;

/// <summary>A huge input, generated on the fly into the tool's standard input, runs in bounded memory.</summary>
public sealed class StreamingTests
{
    [Fact]
    public void Due_OnAHugeStreamedInput_KeepsItsPeakWorkingSetBounded()
    {
        const int Small = 20_000;
        const int Huge = 3_000_000;

        var small = RunStreamed(Small);
        var huge = RunStreamed(Huge);

        // 3,000,000 rows (about 130 MB of CSV in, 100 MB out) through the pipe: the peak working set is the small run's
        // plus at most a few pooled buffers, not the input (the huge run reads 150 times as many rows).
        Assert.Equal(Small, small.Rows);
        Assert.Equal(Huge, huge.Rows);
        Assert.True(small.Run.PeakWorkingSetBytes > 0, "the sampler read no peak working set");
        Assert.True(
            huge.Run.PeakWorkingSetBytes < small.Run.PeakWorkingSetBytes + (48L << 20),
            $"peak working set {huge.Run.PeakWorkingSetBytes >> 20} MiB on {Huge:N0} rows, {small.Run.PeakWorkingSetBytes >> 20} MiB on {Small:N0} rows");
        Assert.True(huge.Run.PeakWorkingSetBytes < 200L << 20, $"peak working set {huge.Run.PeakWorkingSetBytes >> 20} MiB");
    }

    private static (CliRun Run, long Rows) RunStreamed(int rows)
    {
        long count = -1;
        string last = string.Empty;
        var run = CliRunner.Run(
            ["due", "--calendar", CliRunner.WorkloadCalendar, "--zone", "Asia/Shanghai", "-", "--threads", "2", "--progress", "lines"],
            feedInput: stream => Generate(stream, rows),
            readOutput: stream =>
            {
                using var reader = new StreamReader(stream, Encoding.UTF8);
                for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
                {
                    count++;
                    last = line;
                }
            });

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.StartsWith((rows - 1).ToString(CultureInfo.InvariantCulture) + ",20", last, StringComparison.Ordinal);
        return (run, count);
    }

    private static void Generate(Stream stream, int rows)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        writer.Write("id,start,duration_min\n");
        var random = new Random(20251201);
        var origin = new DateTime(2025, 1, 1);
        for (var i = 0; i < rows; i++)
        {
            var start = origin.AddMinutes(random.Next(2 * 365 * 24 * 60));
            writer.Write(i.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(start.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write((random.Next(12_000) + 1).ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }
}
