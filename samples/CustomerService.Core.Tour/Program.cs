// A tour of CustomerService.Core: each section uses one area of the library the way a host app would,
// and prints what happens. Run it with:
//   dotnet run --project samples/CustomerService.Core.Tour                     (the help desk on customer-service-tour.db)
//   dotnet run --project samples/CustomerService.Core.Tour -- --database x.db  (another SQLite file)
//   dotnet run --project samples/CustomerService.Core.Tour -- --in-memory      (nothing kept)
using CustomerService.Core.Tour;

for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--in-memory":
            LifecyclesSection.DatabasePath = null;
            break;
        case "--database" when i + 1 < args.Length:
            LifecyclesSection.DatabasePath = args[++i];
            break;
        default:
            Console.Error.WriteLine("usage: CustomerService.Core.Tour [--database <file.db> | --in-memory]");
            return 2;
    }
}

var sections = new (string Title, Action<TextWriter> Run)[]
{
    ("About the package", AboutSection.Run),
    ("Business calendars", CalendarsSection.Run),
    ("SLA clocks", SlaSection.Run),
    ("A day at a help desk", LifecyclesSection.Run),
    ("A week at the studio desk: segments, follow-up plans, daily report", LeadsSection.Run),
    ("KPI dashboard", KpisSection.Run),
};

var output = Console.Out;
foreach (var (title, run) in sections)
{
    output.WriteLine();
    output.WriteLine($"== {title} ==");
    run(output);
}

return 0;
