using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CustomerService.Core.Serialization;

namespace CustomerService.Core.Leads.Studio;

/// <summary>The stored forms of the studio desk's types, written with <see cref="CustomerServiceJson"/>'s envelope and rules.</summary>
internal static class StudioJson
{
    private static readonly JsonSerializerOptions Options = CustomerServiceJson.CreateOptions(StudioJsonContext.Default);

    public static JsonTypeInfo<CustomerProfile> CustomerProfile { get; } = (JsonTypeInfo<CustomerProfile>)Options.GetTypeInfo(typeof(CustomerProfile));

    public static JsonTypeInfo<SegmentAssignment> SegmentAssignment { get; } = (JsonTypeInfo<SegmentAssignment>)Options.GetTypeInfo(typeof(SegmentAssignment));
}

/// <summary>The source-generated System.Text.Json metadata of the studio desk's stored types (NodaTime values go through <see cref="CustomerServiceJson"/>'s converters).</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(CustomerProfile))]
[JsonSerializable(typeof(SegmentAssignment))]
internal sealed partial class StudioJsonContext : JsonSerializerContext;
