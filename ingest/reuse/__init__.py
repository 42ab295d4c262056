"""Text reuse: ECHOES links between paragraphs that repeat or paraphrase earlier ones."""
