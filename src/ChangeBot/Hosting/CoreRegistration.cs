using ChangeBot.Core.Conversations;
using Microsoft.Extensions.Options;

namespace ChangeBot.Hosting;

internal static class CoreRegistration
{
    public static WebApplicationBuilder AddCore(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SupportPolicy(sp.GetRequiredService<IOptions<ChangeBotOptions>>().Value.SupportUsers));
        return builder;
    }
}
