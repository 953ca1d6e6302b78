using ChangeBot.Core.Audit;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Subscriptions;
using Microsoft.Extensions.Options;

namespace ChangeBot.Hosting;

internal static class CoreRegistration
{
    public static WebApplicationBuilder AddCore(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SupportPolicy(sp.GetRequiredService<IOptions<ChangeBotOptions>>().Value.SupportUsers));
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<SubscriptionRemoval>();
        services.AddSingleton<NoticeImporter>();
        services.AddSingleton<NoticeCatalog>();
        services.AddSingleton<ChangeBot.Core.Operations.FaqAnswers>();
        services.AddHostedService<SeedNotices>();
        services.AddHostedService<DemoRun>();
        return builder;
    }
}
