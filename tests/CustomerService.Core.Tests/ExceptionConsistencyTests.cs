using System.Reflection;

namespace CustomerService.Core.Tests;

/// <summary>Reflection meta-tests over every exception type the package makes public.</summary>
public sealed class ExceptionConsistencyTests
{
    private static readonly Assembly Package = typeof(CustomerServiceException).Assembly;

    public static TheoryData<Type> PublicExceptionTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var type in Package.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t)))
        {
            data.Add(type);
        }

        return data;
    }

    [Fact]
    public void Package_ExportsAtLeastTheBaseException()
    {
        Assert.Contains(typeof(CustomerServiceException), Package.GetExportedTypes());
        Assert.True(typeof(CustomerServiceException).IsAbstract);
    }

    [Theory]
    [MemberData(nameof(PublicExceptionTypes))]
    public void PublicException_IsSealedAndDerivesFromTheBase(Type type)
    {
        if (type == typeof(CustomerServiceException))
        {
            return;
        }

        Assert.True(type.IsSealed, $"{type} should be sealed.");
        Assert.True(typeof(CustomerServiceException).IsAssignableFrom(type), $"{type} should derive from {nameof(CustomerServiceException)}.");
    }
}
