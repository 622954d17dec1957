// Placeholder until the kiosk UI lands: opens a window so the run command shows something.
#include <SDL.h>
#include <SDL_opengl.h>

int main(int, char**) {
  if (SDL_Init(SDL_INIT_VIDEO) != 0) return 1;
  SDL_Window* window = SDL_CreateWindow("Một Cửa Kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1080, 720,
                                        SDL_WINDOW_OPENGL);
  SDL_GLContext gl = SDL_GL_CreateContext(window);
  bool running = true;
  while (running) {
    SDL_Event event;
    while (SDL_WaitEventTimeout(&event, 500))
      if (event.type == SDL_QUIT) running = false;
    glClearColor(0.85f, 0.1f, 0.1f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    SDL_GL_SwapWindow(window);
  }
  SDL_GL_DeleteContext(gl);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return 0;
}
