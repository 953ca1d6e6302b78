using System.Collections.Concurrent;
using System.Net;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace ChangeBot.Tests.DirectLine;

/// <summary>Records conversation references, the only part of the store the web chat writes.</summary>
internal sealed class RecordingConversationStore : IConversationStore
{
    public ConcurrentDictionary<string, ConversationReference> References { get; } = new();

    public Task UpsertConversationAsync(ConversationReference reference, CancellationToken ct = default)
    {
        References[reference.Address.Key] = reference;
        return Task.CompletedTask;
    }

    public Task<ConversationReference?> GetConversationAsync(string addressKey, CancellationToken ct = default) =>
        Task.FromResult(References.GetValueOrDefault(addressKey));

    public Task SetSecretAsync(string key, string value, CancellationToken ct = default) => Task.CompletedTask;

    public Task<string?> GetSecretAsync(string key, CancellationToken ct = default) => Task.FromResult<string?>(null);

    public Task<IReadOnlyList<KeyValuePair<string, string>>> ListSecretsAsync(string keyPrefix, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<KeyValuePair<string, string>>>([]);
}

/// <summary>TestServer leaves the client address empty; Kestrel always sets it. This plays the network.</summary>
internal sealed class RemoteAddressStartupFilter(IPAddress address) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = address;
            return nextMiddleware(context);
        });
        next(app);
    };
}
