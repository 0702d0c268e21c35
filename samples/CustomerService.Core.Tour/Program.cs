// A tour of CustomerService.Core: each section uses one area of the library the way a host app would,
// and prints what happens. Run it with:
//   dotnet run --project samples/CustomerService.Core.Tour
using CustomerService.Core.Tour;

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
