using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using ChangeBot.Storage.Tests.Contract;
using ChangeBot.Testing.InMemory;

namespace ChangeBot.Storage.Tests;

public sealed class InMemoryStoreTests : StoreContractTests
{
    protected override bool IsDurable => false;

    protected override IChangeBotStore OpenStore() => new InMemoryChangeBotStore();

    protected override void SetImportFault(IChangeBotStore store, Action<Notice>? beforeEachWrite) =>
        ((InMemoryChangeBotStore)store).BeforeEachImportWrite = beforeEachWrite;
}
