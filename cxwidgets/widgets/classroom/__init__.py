"""The live class's pages: joining (home), the member's key (every page), the trainer's page
and the class's result on the projector and, when revealed, on learners' pages."""
