using System.Text.RegularExpressions;

namespace CustomerService.Core.Tests.Architecture;

/// <summary>
/// The namespaces of the shipped packages form no cycle, so the folders read in dependency order (Calendars → Sla →
/// Tickets, Complaints, Callbacks → services; Kpis and Leads beside them). An edge A → B is a file declaring namespace A
/// that has <c>using B;</c> or names <c>B.Type</c>; a namespace sees its parents without an edge.
/// </summary>
public sealed partial class NamespaceCycleTests
{
    [Fact]
    public void ShippedSources_HaveNoNamespaceCycle()
    {
        var src = Path.Combine(DocumentationConsistencyTests.RepositoryRoot(), "src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
        var graph = Graph(files);
        Assert.Contains("CustomerService.Core.Tickets", graph.Keys);
        Assert.Contains("CustomerService.Core.Sla", graph["CustomerService.Core.Tickets"]);

        var cycles = Cycles(graph);

        Assert.True(cycles.Count == 0, "Namespace cycles:\n" + string.Join("\n", cycles.Select(c => string.Join(" <-> ", c))));
    }

    [Fact]
    public void Cycles_OfAGraphWithACycle_AreFound()
    {
        // The check can fail: A uses B, B names A.Thing, C only uses A (no cycle of its own); a parent is no edge.
        var graph = Graph(
        [
            "namespace X.A;\nusing X.B;\nclass P {}",
            "namespace X.B;\nclass Q { X.A.Thing t; }",
            "namespace X.C;\nusing X.A;\nclass R {}",
            "namespace X.C.D;\nusing X.C;\nclass S {}",
        ]);

        var cycle = Assert.Single(Cycles(graph));

        Assert.Equal(["X.A", "X.B"], cycle);
    }

    private static Dictionary<string, HashSet<string>> Graph(IReadOnlyList<string> files)
    {
        var spaces = files.SelectMany(f => Declaration().Matches(f).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        var edges = spaces.ToDictionary(s => s, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var text in files)
        {
            if (Declaration().Match(text) is not { Success: true } declared)
            {
                continue;
            }

            var a = declared.Groups[1].Value;
            var used = Using().Matches(text).Select(m => m.Groups[1].Value).Where(spaces.Contains).ToHashSet(StringComparer.Ordinal);
            used.UnionWith(spaces.Where(b => b != a && Regex.IsMatch(text, @"(?<![\w.])" + Regex.Escape(b) + @"\.[A-Z]")));
            edges[a].UnionWith(used.Where(b => b != a && !a.StartsWith(b + ".", StringComparison.Ordinal)));
        }

        return edges;
    }

    /// <summary>The strongly connected components with more than one namespace (Tarjan), each sorted.</summary>
    private static List<string[]> Cycles(Dictionary<string, HashSet<string>> edges)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<string[]>();
        var next = 0;

        void Connect(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in edges[v])
            {
                if (!index.TryGetValue(w, out var seen))
                {
                    Connect(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], seen);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    cycles.Add([.. component.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (var v in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
            {
                Connect(v);
            }
        }

        return cycles;
    }

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Using();
}
