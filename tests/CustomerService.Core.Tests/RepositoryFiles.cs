using System.Text.RegularExpressions;

namespace CustomerService.Core.Tests;

/// <summary>Reads the repository's own files (README, docs) so that tests check what users read.</summary>
internal static partial class RepositoryFiles
{
    /// <summary>Gets the repository root: the first directory above the test's output with CustomerService.Core.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Reads a file given by its path from the repository root.</summary>
    public static string Read(params string[] path) => File.ReadAllText(Path.Combine([Root, .. path]));

    /// <summary>Returns the fenced code blocks of a language in a markdown text, in order.</summary>
    public static IReadOnlyList<string> CodeBlocks(string markdown, string language) =>
        [.. FencedBlock().Matches(markdown).Where(m => m.Groups["language"].Value == language).Select(m => m.Groups["code"].Value)];

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CustomerService.Core.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with CustomerService.Core.sln) was not found above the test's directory.");
    }

    [GeneratedRegex(@"^```(?<language>[a-z]*)[ \t]*\r?\n(?<code>.*?)^```[ \t]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
