using ChangeBot.Core.Storage;
using ChangeBot.Storage.InMemory;

namespace ChangeBot.Hosting;

internal static class StorageRegistration
{
    /// <summary>Registers <c>IChangeBotStore</c> (and each of its small ports) for the configured storage.</summary>
    /// <remarks>Temporary: the in-memory store until the LiteDB store lands.</remarks>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IChangeBotStore, InMemoryChangeBotStore>();
        return builder;
    }
}
