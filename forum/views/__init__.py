"""Forum pages by area; anything a reader may not see answers 404, exactly as if it did not exist."""
