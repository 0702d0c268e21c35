using System.Globalization;
using System.Text.RegularExpressions;
using CustomerService.Core.Calendars;
using CustomerService.Core.Sla;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Tests;

/// <summary>
/// The README's quick start, read from README.md, compiled and run as written; every result its comments promise is
/// checked, so the test fails when the snippet or its comments change what it gives.
/// </summary>
/// <remarks>
/// Two kinds of comment are promises: a trailing comment on a statement that is only an expression
/// (<c>desk.IsOpen(t); // true: …</c>: the value before the colon), and a comment line of <c>expression == value</c> pairs
/// separated by commas (<c>// status.State == Running, status.Elapsed == 13 h</c>). Every expression statement must carry one.
/// </remarks>
public sealed partial class ReadmeQuickStartTests
{
    private static readonly InstantPattern Minutes = InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm'Z'");

    /// <summary>The C# block under the README's "## Quick start" heading.</summary>
    internal static string Snippet()
    {
        var readme = RepositoryFiles.Read("README.md");
        var start = readme.IndexOf("\n## Quick start", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Quick start' section.");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];
        return Assert.Single(RepositoryFiles.CodeBlocks(section, "csharp"));
    }

    [Fact]
    public async Task QuickStart_RunsAsWrittenAndGivesTheResultsItsCommentsPromise()
    {
        var code = Snippet();
        var options = ScriptOptions.Default
            .AddReferences(typeof(BusinessCalendar).Assembly, typeof(Instant).Assembly)
            .AddImports("System", "NodaTime", "CustomerService.Core.Calendars", "CustomerService.Core.Sla");

        var state = await CSharpScript.RunAsync(code, options);
        Assert.Null(state.Exception);

        var promises = Promises(code);
        Assert.True(promises.Count >= 3, $"The quick start promises {promises.Count} result(s) in its comments; expected its results to be stated.");
        foreach (var (expression, promised) in promises)
        {
            var actual = (await state.ContinueWithAsync<object>(expression, options)).ReturnValue;
            Assert.True(Matches(actual, promised), $"README quick start: {expression} is {actual}, but its comment promises {promised}.");
        }
    }

    [Fact]
    public void Promises_ChangedResult_IsDetected()
    {
        // The checker itself: a promise that the code does not keep is reported, one it keeps is not.
        Assert.False(Matches(Instant.FromUtc(2025, 10, 9, 3, 0), "2025-10-09T04:00Z"));
        Assert.True(Matches(Instant.FromUtc(2025, 10, 9, 3, 0), "2025-10-09T03:00Z"));
        Assert.False(Matches(Duration.FromHours(13), "12 h"));
        Assert.True(Matches((Instant?)Instant.FromUtc(2025, 10, 11, 8, 0), "2025-10-11T08:00Z"));
        Assert.False(Matches(SlaClockState.Breached, "Running"));
        Assert.False(Matches(false, "true"));
        Assert.Equal(
            [("a.B", "Running"), ("a.C", "13 h"), ("a.D", "2025-10-11T08:00Z")],
            Promises("var a = 1;\n// a.B == Running, a.C == 13 h, a.D == 2025-10-11T08:00Z (Sat 16:00)\n"));
        Assert.Equal([("x.IsOpen(t)", "true")], Promises("x.IsOpen(t);   // true: open then\n"));
    }

    /// <summary>The (expression, promised value) pairs the snippet's comments state.</summary>
    private static List<(string Expression, string Value)> Promises(string code)
    {
        var promises = new List<(string, string)>();
        var root = CSharpSyntaxTree.ParseText(code, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script)).GetRoot();
        foreach (var statement in root.DescendantNodes().OfType<GlobalStatementSyntax>().Select(g => g.Statement).OfType<ExpressionStatementSyntax>())
        {
            if (statement.Expression is AssignmentExpressionSyntax)
            {
                continue;
            }

            var comment = statement.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia));
            Assert.True(comment != default, $"'{statement}' is shown for its result but its comment does not say it.");
            var value = comment.ToString()[2..].Trim().Split(' ')[0].TrimEnd(':', ',', ';');
            promises.Add((statement.Expression.ToString(), value));
        }

        foreach (var line in code.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("//", StringComparison.Ordinal) && l.Contains(" == ", StringComparison.Ordinal)))
        {
            foreach (var pair in line[2..].Split(", "))
            {
                var parts = pair.Split(" == ");
                promises.Add((parts[0].Trim(), Parenthetical().Replace(parts[1], string.Empty).Trim()));
            }
        }

        return promises;
    }

    /// <summary>Whether a result is the value a comment states, read in the result's own type.</summary>
    private static bool Matches(object? actual, string promised) => actual switch
    {
        Instant instant => Minutes.Parse(promised) is { Success: true } parsed && parsed.Value == instant,
        Duration duration => Hours().Match(promised) is { Success: true } hours
            && Duration.FromHours(int.Parse(hours.Groups[1].Value, CultureInfo.InvariantCulture)) == duration,
        bool flag => bool.TryParse(promised, out var expected) && expected == flag,
        Enum value => string.Equals(value.ToString(), promised, StringComparison.Ordinal),
        null => false,
        _ => string.Equals(Convert.ToString(actual, CultureInfo.InvariantCulture), promised, StringComparison.Ordinal),
    };

    [GeneratedRegex(@"\s*\([^)]*\)\s*$")]
    private static partial Regex Parenthetical();

    [GeneratedRegex(@"^(\d+) h$")]
    private static partial Regex Hours();
}
