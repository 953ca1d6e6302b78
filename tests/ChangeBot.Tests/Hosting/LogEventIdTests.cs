using System.Reflection;
using ChangeBot.Core.Deliveries;
using ChangeBot.Slack;
using ChangeBot.Storage;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Tests.Hosting;

/// <summary>A log event id names one place in the code: no two <see cref="LoggerMessageAttribute"/>s in the
/// shipped assemblies share one (each area's ids come from its own EventIds class and range).</summary>
public sealed class LogEventIdTests
{
    private static readonly Assembly[] Shipped =
        [typeof(DeliveryEngine).Assembly, typeof(SlackLog).Assembly, typeof(StoreRules).Assembly];

    private static List<(int Id, string Where)> LogMessages() =>
    [
        .. from assembly in Shipped
           from type in assembly.GetTypes()
           from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
           let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
           where attribute is not null
           select (attribute.EventId, $"{type.FullName}.{method.Name}"),
    ];

    [Fact]
    public void EveryLogMessage_HasAnIdNoOtherMessageUses()
    {
        var messages = LogMessages();

        var shared = messages.GroupBy(m => m.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Where))}").ToList();

        Assert.True(messages.Count > 40, $"found only {messages.Count} log messages: is the reflection looking in the right place?");
        Assert.Empty(shared);
    }

    [Fact]
    public void EveryLogMessage_HasAnId()
    {
        Assert.DoesNotContain(LogMessages(), m => m.Id <= 0);
    }
}
