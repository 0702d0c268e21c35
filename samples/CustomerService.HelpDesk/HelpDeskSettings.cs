namespace CustomerService.HelpDesk;

/// <summary>The help desk's own settings (section <c>HelpDesk</c>); the library's live under <c>CustomerServiceCore</c>.</summary>
public sealed class HelpDeskSettings
{
    public const string SectionName = "HelpDesk";

    /// <summary>Where tickets, complaints, callbacks, the outbox and the board are kept.</summary>
    public HelpDeskStorage Storage { get; set; } = HelpDeskStorage.Sqlite;

    /// <summary>The business calendar (under <c>CustomerServiceCore:Calendars</c>) the desk works by: its zone is the desk's "today".</summary>
    public string Calendar { get; set; } = "Shanghai desk";
}

public enum HelpDeskStorage
{
    /// <summary>One SQLite file (connection string <c>Sqlite</c>).</summary>
    Sqlite,

    /// <summary>A PostgreSQL database that several app processes can share (connection string <c>PostgreSql</c>).</summary>
    PostgreSql,
}
