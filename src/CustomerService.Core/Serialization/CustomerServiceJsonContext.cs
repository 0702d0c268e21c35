using System.Text.Json.Serialization;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Sla;
using CustomerService.Core.Tickets;

namespace CustomerService.Core.Serialization;

/// <summary>The source-generated System.Text.Json metadata of every snapshot, history entry and event the library stores.</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata, Converters = [typeof(InstantJsonConverter), typeof(DurationJsonConverter), typeof(LocalDateJsonConverter)])]
[JsonSerializable(typeof(Ticket))]
[JsonSerializable(typeof(Complaint))]
[JsonSerializable(typeof(Callback))]
[JsonSerializable(typeof(TransitionRecord<TicketState, TicketTrigger>))]
[JsonSerializable(typeof(TransitionRecord<ComplaintState, ComplaintTrigger>))]
[JsonSerializable(typeof(TransitionRecord<CallbackState, CallbackTrigger>))]
[JsonSerializable(typeof(CustomerServiceEvent))]
[JsonSerializable(typeof(TicketOpened))]
[JsonSerializable(typeof(TicketTransitioned))]
[JsonSerializable(typeof(TicketHoldDeadlinePassed))]
[JsonSerializable(typeof(ComplaintReceived))]
[JsonSerializable(typeof(ComplaintTransitioned))]
[JsonSerializable(typeof(ComplaintResponseOverdue))]
[JsonSerializable(typeof(CallbackRequested))]
[JsonSerializable(typeof(CallbackTransitioned))]
[JsonSerializable(typeof(SlaMilestoneReached))]
[JsonSerializable(typeof(SlaPolicyReselected))]
[JsonSerializable(typeof(SlaEscalated))]
internal sealed partial class CustomerServiceJsonContext : JsonSerializerContext;
