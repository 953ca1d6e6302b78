namespace ChangeBot.Core.Answers.Dense;

/// <summary>A sentence-embedding model: text in, a unit-length vector out (so a dot product is the cosine).</summary>
public interface ITextEmbedder
{
    /// <summary>The model's setting name (<c>arctic-xs</c>, <c>minilm</c>); stored vectors are keyed by it.</summary>
    string Model { get; }

    /// <summary>Unit-length vectors of passages, one per text, in order.</summary>
    float[][] Embed(IReadOnlyList<string> texts);

    /// <summary>The unit-length vector of a question (some models embed questions with an instruction).</summary>
    float[] EmbedQuestion(string question);
}
