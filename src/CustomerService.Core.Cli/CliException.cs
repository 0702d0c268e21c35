namespace CustomerService.Core.Cli;

/// <summary>An error that ends the run with a documented exit code and a message for standard error.</summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string message)
        : base(message) => ExitCode = exitCode;

    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int ExitCode { get; } = ExitCodes.Usage;
}

/// <summary>The exit codes of cs-sla (docs/cli.md lists them).</summary>
internal static class ExitCodes
{
    /// <summary>Every row was answered (compare: and every answer agreed).</summary>
    public const int Success = 0;

    /// <summary>The run finished, but some rows were bad; the errors file lists them.</summary>
    public const int BadRows = 1;

    /// <summary>The command line is wrong: unknown command or option, a missing or bad value.</summary>
    public const int Usage = 2;

    /// <summary>The calendar file cannot be read or is not a valid calendar (or the zone is unknown).</summary>
    public const int Calendar = 3;

    /// <summary>The input cannot be read (missing file, a column missing from the header, malformed CSV) or the output cannot be written.</summary>
    public const int Input = 4;

    /// <summary>With --strict: the run stopped at the first bad row (the output holds the rows before it).</summary>
    public const int StrictStop = 5;

    /// <summary>compare: every row was read, and some answers disagree.</summary>
    public const int Disagreements = 6;

    /// <summary>An unexpected failure (a bug): the message and stack trace are on standard error.</summary>
    public const int Internal = 70;
}
